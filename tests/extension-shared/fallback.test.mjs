// The fallback dialog when the engine cannot check: every recipient listed unticked, a line why;
// failClosed blocks instead.
import test from "node:test";
import assert from "node:assert/strict";
import { shared } from "./helpers.mjs";

const { buildFallbackModel, fallbackReason, requiredCheckboxes } = await shared("dialog-model.js");
const { EngineError } = await shared("engine-client.js");

const draft = {
  from: "taro@example.co.jp",
  to: ["\"Suzuki, Ichiro\" <suzuki@partner.example>, Sato <sato@Partner.Example>", "社内全員 <社内全員>"],
  cc: ["yamada@例え.jp"],
  bcc: ["Team: a@partner.example, b@other.example;", "undisclosed-recipients:;"],
  subject: "s",
  body: "b",
  attachments: [{ name: "見積書.pdf", size: 120345, contentType: "application/pdf", head: "JVBERi0xLjQK" }],
  locale: "ja",
};

test("host not installed: every recipient and attachment listed, each with a box, grouped by domain", () => {
  const error = new EngineError("unreachable", "host.unreachable", "No such native application sendcheck");
  const model = buildFallbackModel(draft, error, { countdownSeconds: 2 });
  assert.equal(model.kind, "fallback");
  assert.equal(model.mode, "confirm");
  assert.equal(model.locale, "ja");
  assert.equal(model.countdownSeconds, 2);
  assert.equal(model.recipientCount, 6);
  assert.deepEqual(model.fallback, { reasonKey: "fallbackReasonUnreachable", reasonArgs: ["No such native application sendcheck"] });
  assert.deepEqual(model.warnings, []);
  assert.equal(model.bccSuggested, false);
  assert.deepEqual(model.groups.map((g) => [g.domain, g.domainDisplay, g.class, g.classKey, g.highlighted, g.recipientCount, g.checkboxId]), [
    ["partner.example", "partner.example", "unknown", "classUnknown", false, 3, null],
    ["", "", "unknown", "classUnknown", false, 1, null],
    ["xn--r8jz45g.jp", "例え.jp", "unknown", "classUnknown", false, 1, null],
    ["other.example", "other.example", "unknown", "classUnknown", false, 1, null],
  ]);
  assert.deepEqual(model.groups[0].recipients, [
    { field: "to", fieldKey: "fieldTo", address: "suzuki@partner.example", addressDisplay: "suzuki@partner.example",
      displayName: "Suzuki, Ichiro", mustConfirm: true, checkboxId: "check-recipient-0-0", alarm: false, flags: [] },
    { field: "to", fieldKey: "fieldTo", address: "sato@Partner.Example", addressDisplay: "sato@Partner.Example",
      displayName: "Sato", mustConfirm: true, checkboxId: "check-recipient-0-1", alarm: false, flags: [] },
    { field: "bcc", fieldKey: "fieldBcc", address: "a@partner.example", addressDisplay: "a@partner.example",
      displayName: "", mustConfirm: true, checkboxId: "check-recipient-0-2", alarm: false, flags: [] },
  ]);
  assert.deepEqual(model.groups[1].recipients.map((r) => [r.address, r.displayName, r.checkboxId]), [["社内全員", "社内全員", "check-recipient-1-0"]]);
  assert.deepEqual(model.attachments, [{ name: "見積書.pdf", size: 120345, mustConfirm: true, checkboxId: "check-attachment-0", flags: [] }]);
  assert.deepEqual(requiredCheckboxes(model), [
    "check-recipient-0-0", "check-recipient-0-1", "check-recipient-0-2", "check-recipient-1-0",
    "check-recipient-2-0", "check-recipient-3-0", "check-attachment-0",
  ]);
});

test("failClosed: block mode, nothing to tick, same listing and reason", () => {
  const model = buildFallbackModel(draft, new EngineError("timeout", "host.timeout", "no reply", 10_000), { failClosed: true });
  assert.equal(model.mode, "block");
  assert.deepEqual(model.fallback, { reasonKey: "fallbackReasonTimeout", reasonArgs: ["10"] });
  assert.deepEqual(requiredCheckboxes(model), []);
  assert.equal(model.groups.flatMap((g) => g.recipients).every((r) => r.checkboxId === null && r.mustConfirm === false), true);
  assert.equal(model.recipientCount, 6);
});

test("the reason line for each kind of failure", () => {
  assert.deepEqual(fallbackReason(new EngineError("error", "history.busy", "the history database is busy")),
    { reasonKey: "fallbackReasonError", reasonArgs: ["history.busy: the history database is busy"] });
  assert.deepEqual(fallbackReason(new EngineError("error", "draft.bad-field", "")),
    { reasonKey: "fallbackReasonError", reasonArgs: ["draft.bad-field"] });
  assert.deepEqual(fallbackReason(new EngineError("bad-reply", "host.bad-reply", "the reply is not a JSON object")),
    { reasonKey: "fallbackReasonBadReply", reasonArgs: ["the reply is not a JSON object"] });
  assert.deepEqual(fallbackReason(new EngineError("timeout", "host.timeout", "x", 10_000)),
    { reasonKey: "fallbackReasonTimeout", reasonArgs: ["10"] });
  // Any other exception (a bug in the add-on, an API error): "could not be started" with its text.
  assert.deepEqual(fallbackReason(new TypeError("boom")), { reasonKey: "fallbackReasonUnreachable", reasonArgs: ["boom"] });
});

test("a draft without recipients or attachments gives an empty listing, still with the reason", () => {
  const model = buildFallbackModel({}, new EngineError("unreachable", "host.unreachable", "gone"));
  assert.deepEqual([model.groups, model.attachments, model.recipientCount, model.mode, model.locale], [[], [], 0, "confirm", ""]);
});
