// The task pane's logic: the shared dialog model (extension/shared), Move-to-Bcc, and Confirm
// storing the confirmation that the next Send checks.
import test from "node:test";
import assert from "node:assert/strict";
import { common, shared as sharedModule, fakeItem, fakeFetch, downFetch, payloadFixture, engineOver, sendDeps } from "./office-double.mjs";

const shared = await sharedModule("dialog-model.js");
const { checkDraft } = await sharedModule("engine-client.js");
const { paneModel, paneMode, paneBccMove, confirmFromPane } = await common("pane.js");
const { collectDraft, decideSend } = await common("send-flow.js");
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
  const outcome = await checkDraft(engineOver(fetch), { draft, locale: "en" });
  return { data, draft, outcome, model: paneModel(outcome, draft, options) };
}

test("the pane's model is the shared dialog model of the payload", async () => {
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
  assert.deepEqual(await decideSend(it, sendDeps(fetch, "en")), { allowEvent: true });
  it.state.to.push({ displayName: "", emailAddress: "other@else.example" });
  assert.equal((await decideSend(it, sendDeps(fetch, "en"))).allowEvent, false);
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

test("Move-to-Bcc: offered with bcc-suggested; Confirm moves the recipients, then stores the hash of the moved item", async () => {
  const payload = payloadFixture("payload-bcc.json");
  const it = fakeItem({
    to: [{ displayName: "Suzuki, Ichiro", emailAddress: "suzuki@partner.example" }, { displayName: "", emailAddress: "a@one.example" }],
    cc: [{ displayName: "山田", emailAddress: "yamada@example.co.jp" }, { displayName: "", emailAddress: "x@gmail.com" }],
  });
  const fetch = fakeFetch((req) => (req.type === "check" ? payload : { recorded: true }));
  const { model, outcome, draft, data } = await open(it, fetch);
  assert.equal(model.bccSuggested, true);
  const move = paneBccMove(outcome, model, draft);
  assert.deepEqual(move.moved.map((m) => m.address), ["suzuki@partner.example", "a@one.example", "x@gmail.com"]);
  assert.equal(move.count, 3);
  const moved = shared.applyBccMoveToModel(model, move);
  const ticked = shared.requiredCheckboxes(moved);
  assert.equal(await confirmFromPane(it, moved, data, { ticked, openedAt: 0, now: 3000 }, move), true);
  assert.deepEqual(it.state.to, []);
  assert.deepEqual(it.state.cc, [{ displayName: "山田", emailAddress: "yamada@example.co.jp" }]);
  assert.deepEqual(it.state.bcc.map((r) => [r.displayName, r.emailAddress]),
    [["Suzuki, Ichiro", "suzuki@partner.example"], ["a@one.example", "a@one.example"], ["x@gmail.com", "x@gmail.com"]]);
  // The stored confirmation covers the item as moved: the next Send passes.
  const again = fakeFetch((req) => (req.type === "check" ? payload : { recorded: true }));
  assert.deepEqual(await decideSend(it, sendDeps(again, "en")), { allowEvent: true });

  // Not moved: nothing set; no move offered without the warning or in block mode.
  const it2 = fakeItem({ to: [{ displayName: "", emailAddress: "a@one.example" }] });
  const second = await open(it2, fetch);
  assert.equal(await confirmFromPane(it2, second.model, second.data, { ticked: shared.requiredCheckboxes(second.model), openedAt: 0, now: 3000 }, move), true);
  assert.equal(it2.calls.filter((c) => c[0].endsWith(".setAsync")).length, 0);
  const block = await open(item(), fakeFetch(() => payloadFixture("payload-block.json")));
  assert.equal(paneBccMove(block.outcome, block.model, block.draft), null);
});
