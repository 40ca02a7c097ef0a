// The Send gate: enabled only when every required box is ticked and the countdown has elapsed.
import test from "node:test";
import assert from "node:assert/strict";
import { shared, fixture } from "./helpers.mjs";

const { buildDialogModel, buildFallbackModel, requiredCheckboxes, sendGate, applyBccMoveToModel } = await shared("dialog-model.js");

const T0 = 1_700_000_000_000;

test("ticks: disabled until every required box is ticked (no countdown)", () => {
  const model = buildDialogModel(fixture("payload-reconfirm.json"));
  const all = requiredCheckboxes(model);
  assert.deepEqual(sendGate(model, { ticked: [], openedAt: T0, now: T0 }), {
    enabled: false, remainingTicks: 5, remainingSeconds: 0, missing: all,
  });
  assert.deepEqual(sendGate(model, { ticked: all.slice(0, 4), openedAt: T0, now: T0 }), {
    enabled: false, remainingTicks: 1, remainingSeconds: 0, missing: ["check-recipient-3-0"],
  });
  // Ticking something that is not required (or unknown ids) changes nothing.
  assert.equal(sendGate(model, { ticked: [...all.slice(1), "check-attachment-0", "bogus"], openedAt: T0, now: T0 }).enabled, false);
  assert.deepEqual(sendGate(model, { ticked: new Set(all), openedAt: T0, now: T0 }), {
    enabled: true, remainingTicks: 0, remainingSeconds: 0, missing: [],
  });
});

test("countdown: 3 s from openedAt, rounded up, even when everything is ticked", () => {
  const model = buildDialogModel(fixture("payload-bcc.json"));
  assert.equal(model.countdownSeconds, 3);
  const all = requiredCheckboxes(model);
  assert.equal(all.length, 12);
  const at = (ms) => sendGate(model, { ticked: all, openedAt: T0, now: T0 + ms });
  assert.deepEqual([at(0).enabled, at(0).remainingSeconds], [false, 3]);
  assert.deepEqual([at(1).enabled, at(1).remainingSeconds], [false, 3]);
  assert.deepEqual([at(1000).enabled, at(1000).remainingSeconds], [false, 2]);
  assert.deepEqual([at(2001).enabled, at(2001).remainingSeconds], [false, 1]);
  assert.deepEqual([at(2999).enabled, at(2999).remainingSeconds], [false, 1]);
  assert.deepEqual([at(3000).enabled, at(3000).remainingSeconds], [true, 0]);
  assert.deepEqual([at(60000).enabled, at(60000).remainingSeconds], [true, 0]);
  // Countdown elapsed but one box missing: still disabled.
  assert.deepEqual(sendGate(model, { ticked: all.slice(1), openedAt: T0, now: T0 + 5000 }), {
    enabled: false, remainingTicks: 1, remainingSeconds: 0, missing: ["check-recipient-0-0"],
  });
});

test("nothing to tick and no countdown: enabled at once", () => {
  const model = buildDialogModel({ verdict: "confirm", countdownSeconds: 0, groups: [{ domain: "example.co.jp", class: "internal",
    recipients: [{ field: "to", address: "a@example.co.jp", mustConfirm: false, flags: [] }] }] });
  assert.deepEqual(sendGate(model, { ticked: [], openedAt: T0, now: T0 }), { enabled: true, remainingTicks: 0, remainingSeconds: 0, missing: [] });
});

test("block mode: never enabled", () => {
  const model = buildDialogModel(fixture("payload-block.json"));
  assert.deepEqual(sendGate(model, { ticked: [], openedAt: T0, now: T0 + 10_000 }), { enabled: false, remainingTicks: 0, remainingSeconds: 0, missing: [] });
  const failClosed = buildFallbackModel({ to: ["a@b.example"] }, { kind: "unreachable", message: "x" }, { failClosed: true });
  assert.equal(sendGate(failClosed, { ticked: [], openedAt: T0, now: T0 }).enabled, false);
});

test("a bcc-suggested warning with mustConfirm needs no tick once the move is applied", () => {
  const model = buildDialogModel({ verdict: "confirm", groups: [],
    warnings: [{ code: "bcc-suggested", severity: "warning", message: "m", mustConfirm: true },
      { code: "keyword", severity: "warning", message: "k", mustConfirm: true }] });
  assert.deepEqual(requiredCheckboxes(model), ["check-warning-0", "check-warning-1"]);
  const moved = applyBccMoveToModel(model, { moved: [] });
  assert.deepEqual(requiredCheckboxes(moved), ["check-warning-1"]);
  assert.equal(sendGate(moved, { ticked: ["check-warning-1"], openedAt: T0, now: T0 }).enabled, true);
});
