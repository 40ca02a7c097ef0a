// The task pane's logic: the SHARED dialog model of the Thunderbird add-on, and Confirm storing
// the confirmation that the next Send checks.
import test from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { common, fakeItem, fakeFetch, downFetch, payloadFixture, ROOT } from "./office-double.mjs";

const shared = await import(path.join(ROOT, "extension/thunderbird/common/dialog-model.js"));
const { paneModel, paneMode, confirmFromPane } = await common("pane.js");
const { collectDraft, checkDraft, decideSend } = await common("send-flow.js");
const { createBridgeClient } = await common("bridge.js");
const { CONFIRMATION_KEY } = await common("confirmation.js");

function item() {
  return fakeItem({
    to: [{ displayName: "Suzuki, Ichiro", emailAddress: "suzuki@partner.example" }],
    cc: [{ displayName: "", emailAddress: "hanako@gmail.com" }],
    attachments: [{ id: "a", name: "見積書.pdf", size: 120345 }],
  });
}

async function open(it, fetch, options = {}) {
  const { data, draft } = await collectDraft(it, "en");
  const outcome = await checkDraft(createBridgeClient({ fetch }), draft, "en");
  return { data, draft, outcome, model: paneModel(outcome, draft, options) };
}

test("the pane's model is the Thunderbird dialog model of the payload", async () => {
  const payload = payloadFixture("payload-reconfirm.json");
  const { model, outcome } = await open(item(), fakeFetch(() => payload));
  assert.deepEqual(model, shared.buildDialogModel(payload));
  assert.equal(paneMode(outcome, model), "confirm");
  assert.ok(shared.requiredCheckboxes(model).length > 0);
});

test("Confirm stores nothing until every box is ticked; then the next Send passes", async () => {
  const it = item();
  const fetch = fakeFetch((req) => (req.type === "check" ? payloadFixture("payload-reconfirm.json") : { recorded: true }));
  const { model, data } = await open(it, fetch);
  const required = shared.requiredCheckboxes(model);
  assert.equal(await confirmFromPane(it, model, data, { ticked: required.slice(1), openedAt: 0, now: 0 }), false);
  assert.equal(it.state.session[CONFIRMATION_KEY], undefined);
  assert.equal(await confirmFromPane(it, model, data, { ticked: required, openedAt: 0, now: 0 }), true);
  assert.match(JSON.parse(it.state.session[CONFIRMATION_KEY]).hash, /^sha256:/);
  assert.deepEqual(await decideSend(it, { bridge: createBridgeClient({ fetch }), locale: "en" }), { allowEvent: true });
  it.state.to.push({ displayName: "", emailAddress: "other@else.example" });
  assert.equal((await decideSend(it, { bridge: createBridgeClient({ fetch }), locale: "en" })).allowEvent, false);
});

test("the countdown of the shared Send gate holds Confirm back", async () => {
  const it = item();
  const { model, data } = await open(it, fakeFetch(() => ({ ...payloadFixture("payload-reconfirm.json"), countdownSeconds: 5 })));
  const ticked = shared.requiredCheckboxes(model);
  assert.equal(await confirmFromPane(it, model, data, { ticked, openedAt: 1000, now: 3000 }), false);
  assert.equal(await confirmFromPane(it, model, data, { ticked, openedAt: 1000, now: 6000 }), true);
});

test("sessionData failing is reported, not swallowed", async () => {
  const it = item();
  it.state.failSessionSet = true;
  const { model, data } = await open(it, fakeFetch(() => payloadFixture("payload-reconfirm.json")));
  await assert.rejects(confirmFromPane(it, model, data, { ticked: shared.requiredCheckboxes(model), openedAt: 0, now: 0 }));
});

test("block: nothing to tick, nothing to confirm", async () => {
  const it = item();
  const { model, outcome, data } = await open(it, fakeFetch(() => payloadFixture("payload-block.json")));
  assert.equal(model.mode, "block");
  assert.equal(paneMode(outcome, model), "block");
  assert.equal(await confirmFromPane(it, model, data, { ticked: [], openedAt: 0, now: 0 }), false);
});

test("send: nothing to confirm", async () => {
  const payload = { verdict: "send", groups: [], attachments: [], warnings: [] };
  const { model, outcome } = await open(item(), fakeFetch(() => payload));
  assert.equal(paneMode(outcome, model), "nothing");
});

test("bridge down: the shared fallback dialog lists every recipient and attachment to tick", async () => {
  const it = item();
  const { model, draft, data } = await open(it, downFetch(), { locale: "en" });
  assert.deepEqual(model, shared.buildFallbackModel(draft, { kind: "unreachable", message: "Failed to fetch" }, { locale: "en" }));
  assert.equal(model.kind, "fallback");
  assert.deepEqual(model.groups.map((g) => g.domain), ["partner.example", "gmail.com"]);
  assert.equal(model.attachments.length, 1);
  assert.equal(shared.requiredCheckboxes(model).length, 3);
  assert.equal(await confirmFromPane(it, model, data, { ticked: shared.requiredCheckboxes(model), openedAt: 0, now: 0 }), true);
  assert.equal(JSON.parse(it.state.session[CONFIRMATION_KEY]).kind, "fallback");

  const closed = (await open(item(), downFetch(), { failClosed: true })).model;
  assert.equal(closed.mode, "block");
  assert.equal(shared.requiredCheckboxes(closed).length, 0);
});
