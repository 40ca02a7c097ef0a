// payload → dialog model: classes, highlighting, checkboxes where mustConfirm, domain flags shown
// once per group, summarised groups, warnings on top with their own checkbox when mustConfirm.
import test from "node:test";
import assert from "node:assert/strict";
import { shared, fixture } from "./helpers.mjs";

const {
  buildDialogModel, requiredCheckboxes, formatSize, CLASS_LABEL_KEYS, HIGHLIGHTED_CLASSES,
} = await shared("dialog-model.js");

test("real payload (bcc): groups, classes, highlighting and the summarised Bcc group", () => {
  const model = buildDialogModel(fixture("payload-bcc.json"));
  assert.equal(model.kind, "check");
  assert.equal(model.mode, "confirm");
  assert.equal(model.locale, "en");
  assert.equal(model.countdownSeconds, 3);
  assert.equal(model.recipientCount, 21);
  assert.equal(model.truncated, true);
  assert.equal(model.fallback, null);
  assert.deepEqual(model.groups.map((g) => [g.class, g.domainDisplay, g.highlighted, g.recipientCount, g.omittedCount, g.checkboxId]), [
    ["external", "partner.example", true, 1, 0, null],
    ["external", "one.example", true, 1, 0, null],
    ["external", "two.example", true, 1, 0, null],
    ["external", "three.example", true, 1, 0, null],
    ["external", "four.example", true, 1, 0, null],
    ["external", "bulk.example", true, 14, 11, "check-group-5"],
    ["freemail", "gmail.com", true, 1, 0, null],
    ["internal", "example.co.jp", false, 1, 0, null],
  ]);
  assert.deepEqual(model.groups.map((g) => g.classKey), [
    "classExternal", "classExternal", "classExternal", "classExternal", "classExternal", "classExternal",
    "classFreemail", "classInternal",
  ]);
  // The domain flag is the group's description, not repeated on each recipient.
  assert.equal(model.groups[0].description, "Outside your organisation (partner.example).");
  assert.equal(model.groups[6].description, "A free-mail or mobile-carrier address: a private person, not a company.");
  assert.equal(model.groups[7].description, "Inside your organisation (example.co.jp).");
  assert.deepEqual(model.groups[0].recipients, [{
    field: "to",
    fieldKey: "fieldTo",
    address: "suzuki@partner.example",
    addressDisplay: "suzuki@partner.example",
    displayName: "Suzuki, Ichiro",
    mustConfirm: true,
    checkboxId: "check-recipient-0-0",
    alarm: true,
    flags: [
      { code: "first-time", message: "You have never sent mail to this address.", alarm: true },
      { code: "first-time-domain", message: "You have never sent mail to anyone at partner.example.", alarm: true },
    ],
  }]);
  assert.deepEqual(model.groups[5].recipients.map((r) => [r.field, r.address, r.checkboxId]), [
    ["bcc", "user0@bulk.example", "check-recipient-5-0"],
    ["bcc", "user1@bulk.example", "check-recipient-5-1"],
    ["bcc", "user2@bulk.example", "check-recipient-5-2"],
  ]);
  assert.deepEqual(model.groups[6].recipients[0].flags.map((f) => f.code), ["first-time", "first-time-domain"]);
});

test("real payload (bcc): warnings on top, attachments with flags, required boxes in order", () => {
  const model = buildDialogModel(fixture("payload-bcc.json"));
  assert.deepEqual(model.warnings, [
    { code: "many-recipients", severity: "warning", severityKey: "severityWarning",
      message: "21 recipients in To, Cc and Bcc (more than 20).", mustConfirm: false, checkboxId: null,
      bccSuggested: false, resolved: false },
    { code: "bcc-suggested", severity: "warning", severityKey: "severityWarning",
      message: "External recipients from 6 organisations can see each other. Use Bcc?", mustConfirm: false,
      checkboxId: null, bccSuggested: true, resolved: false },
    { code: "recipients-summarised", severity: "info", severityKey: "severityInfo",
      message: "11 recipients are counted per domain instead of listed.", mustConfirm: false, checkboxId: null,
      bccSuggested: false, resolved: false },
  ]);
  assert.equal(model.bccSuggested, true);
  assert.equal(model.bccMoved, 0);
  assert.deepEqual(model.attachments, [{
    name: "請求書.pdf.exe", size: 2048, mustConfirm: true, checkboxId: "check-attachment-0",
    flags: [
      { code: "dangerous-type", message: "A file type that can run code (.exe).", alarm: true },
      { code: "double-extension", message: "The name has two extensions and may hide its real type.", alarm: true },
    ],
  }]);
  assert.deepEqual(requiredCheckboxes(model), [
    "check-recipient-0-0", "check-recipient-1-0", "check-recipient-2-0", "check-recipient-3-0",
    "check-recipient-4-0", "check-recipient-5-0", "check-recipient-5-1", "check-recipient-5-2", "check-group-5",
    "check-recipient-6-0", "check-recipient-7-0", "check-attachment-0",
  ]);
});

test("real payload (ja, policy reconfirm): warning with mustConfirm gets a checkbox; unverifiable, trusted, IDN", () => {
  const model = buildDialogModel(fixture("payload-reconfirm.json"));
  assert.equal(model.locale, "ja");
  assert.equal(model.countdownSeconds, 0);
  assert.deepEqual(model.warnings, [{
    code: "keyword", severity: "warning", severityKey: "severityWarning",
    message: "本文に「社外秘」が含まれています。", mustConfirm: true, checkboxId: "check-warning-0",
    bccSuggested: false, resolved: false,
  }]);
  assert.deepEqual(model.groups.map((g) => [g.class, g.domain, g.domainDisplay, g.highlighted, g.description]), [
    ["unverifiable", "", "", true, ""],
    ["external", "partner.example", "partner.example", true, "社外のアドレスです（partner.example）。"],
    ["trusted", "trusted.example", "trusted.example", false, "信頼済みの取引先ドメインです（trusted.example）。"],
    ["internal", "xn--r8jz45g.jp", "例え.jp", false, "社内のアドレスです（例え.jp）。"],
  ]);
  // unverifiable is a per-recipient flag (it names the entry), kept on the recipient.
  assert.deepEqual(model.groups[0].recipients[0].flags, [{
    code: "unverifiable",
    message: "完全なメールアドレスではありません（社内全員）。展開されていないアドレス帳のリストの可能性があります。",
    alarm: true,
  }]);
  assert.equal(model.groups[3].recipients[0].address, "yamada@xn--r8jz45g.jp");
  assert.equal(model.groups[3].recipients[0].addressDisplay, "yamada@例え.jp");
  assert.deepEqual(model.attachments, [{ name: "見積書.pdf", size: 120345, mustConfirm: false, checkboxId: null, flags: [] }]);
  assert.deepEqual(requiredCheckboxes(model), [
    "check-warning-0", "check-recipient-0-0", "check-recipient-1-0", "check-recipient-2-0", "check-recipient-3-0",
  ]);
});

test("real payload (block): block mode has no checkbox at all", () => {
  const model = buildDialogModel(fixture("payload-block.json"));
  assert.equal(model.mode, "block");
  assert.deepEqual(requiredCheckboxes(model), []);
  assert.deepEqual(model.groups.map((g) => g.recipients.map((r) => [r.mustConfirm, r.checkboxId])), [[[true, null]], [[true, null]]]);
  assert.deepEqual(model.groups[0].recipients[0].flags.map((f) => [f.code, f.alarm]), [
    ["first-time", true], ["first-time-domain", true], ["blocked", true],
  ]);
  assert.equal(model.groups[0].recipients[0].flags[2].message, "Sending to this address is not allowed (rival.example).");
});

test("recipients without mustConfirm have no checkbox; info flags are not alarms; each class", () => {
  const flags = (code) => [{ code, message: `m-${code}` }];
  const payload = {
    verdict: "confirm",
    groups: ["internal", "external", "trusted", "freemail", "unverifiable", "malformed"].map((cls, i) => ({
      domain: `d${i}.example`, class: cls, recipientCount: 1,
      recipients: [{ field: "cc", address: `a@d${i}.example`, mustConfirm: i % 2 === 1,
        flags: [...flags(cls), { code: "sub-address", similarTo: "x@y", message: "same mailbox" }] }],
    })),
  };
  const model = buildDialogModel(payload);
  assert.deepEqual(model.groups.map((g) => [g.class, g.classKey, g.highlighted, g.description]), [
    ["internal", "classInternal", false, "m-internal"],
    ["external", "classExternal", true, "m-external"],
    ["trusted", "classTrusted", false, "m-trusted"],
    ["freemail", "classFreemail", true, "m-freemail"],
    ["unverifiable", "classUnverifiable", true, ""],
    ["malformed", "classMalformed", true, ""],
  ]);
  assert.deepEqual(model.groups.map((g) => [g.recipients[0].checkboxId, g.recipients[0].alarm, g.recipients[0].flags.map((f) => f.code)]), [
    [null, false, ["sub-address"]],
    ["check-recipient-1-0", false, ["sub-address"]],
    [null, false, ["sub-address"]],
    ["check-recipient-3-0", false, ["sub-address"]],
    [null, true, ["unverifiable", "sub-address"]],
    ["check-recipient-5-0", true, ["malformed", "sub-address"]],
  ]);
  assert.deepEqual([...HIGHLIGHTED_CLASSES].sort(), ["external", "freemail", "malformed", "unverifiable"]);
  assert.deepEqual(Object.keys(CLASS_LABEL_KEYS).sort(),
    ["external", "freemail", "internal", "malformed", "trusted", "unknown", "unverifiable"]);
});

test("defensive defaults: missing arrays, unknown class and severity, out-of-range countdown", () => {
  const model = buildDialogModel({
    verdict: "confirm", countdownSeconds: 9999,
    groups: [{ domain: "x.example", class: "martian", recipients: [{ field: "resent-to", address: "a@x.example", mustConfirm: true }] }],
    warnings: [{ code: "new-code", severity: "panic", mustConfirm: true }],
  });
  assert.equal(model.countdownSeconds, 600);
  assert.deepEqual([model.groups[0].class, model.groups[0].highlighted, model.groups[0].recipientCount], ["external", true, 1]);
  assert.deepEqual([model.groups[0].recipients[0].field, model.groups[0].recipients[0].flags], ["to", []]);
  assert.deepEqual([model.warnings[0].severity, model.warnings[0].message, model.warnings[0].checkboxId], ["warning", "new-code", "check-warning-0"]);
  assert.deepEqual(model.attachments, []);
  assert.equal(buildDialogModel({ verdict: "confirm", countdownSeconds: -3 }).countdownSeconds, 0);
  assert.equal(buildDialogModel({ verdict: "confirm", countdownSeconds: "x" }).countdownSeconds, 0);
});

test("formatSize: units of 1024, one decimal from KB on", () => {
  assert.deepEqual(formatSize(0), { key: "sizeBytes", args: ["0"] });
  assert.deepEqual(formatSize(1023), { key: "sizeBytes", args: ["1023"] });
  assert.deepEqual(formatSize(1024), { key: "sizeKB", args: ["1.0"] });
  assert.deepEqual(formatSize(120345), { key: "sizeKB", args: ["117.5"] });
  assert.deepEqual(formatSize(10485760), { key: "sizeMB", args: ["10.0"] });
  assert.deepEqual(formatSize(3 * 1024 ** 3), { key: "sizeGB", args: ["3.0"] });
  assert.deepEqual(formatSize(-5), { key: "sizeBytes", args: ["0"] });
});
