// The send decision (shared by both add-ins) and failClosed.
import test from "node:test";
import assert from "node:assert/strict";
import { shared, fixture } from "./helpers.mjs";

const { sendDecision } = await shared("send-decision.js");
const { failClosedOf, resolveFailClosed, settingsMapOf } = await shared("fail-closed.js");
const { EngineError } = await shared("engine-client.js");

test("sendDecision: each verdict, and no answer with and without failClosed", () => {
  const down = { error: new EngineError("unreachable", "host.unreachable", "gone") };
  assert.deepEqual(sendDecision({ payload: { verdict: "send" } }), { action: "send", dialog: null });
  assert.deepEqual(sendDecision({ payload: fixture("payload-reconfirm.json") }), { action: "dialog", dialog: "check" });
  assert.deepEqual(sendDecision({ payload: fixture("payload-block.json") }), { action: "block", dialog: "check" });
  assert.deepEqual(sendDecision(down), { action: "dialog", dialog: "fallback" });
  assert.deepEqual(sendDecision(down, true), { action: "block", dialog: "fallback" });
  // failClosed never changes an answer of the engine.
  assert.deepEqual(sendDecision({ payload: { verdict: "send" } }, true), { action: "send", dialog: null });
  assert.deepEqual(sendDecision({ payload: { verdict: "confirm" } }, true), { action: "dialog", dialog: "check" });
  assert.deepEqual(sendDecision(undefined), { action: "dialog", dialog: "fallback" });
});

test("settingsMapOf: hello nests the map, settings.get answers it", () => {
  const explain = { locked: ["internalDomains"], settings: { internalDomains: { value: ["example.co.jp"], layer: "policy", locked: true } } };
  assert.equal(settingsMapOf(explain), explain.settings);
  assert.equal(settingsMapOf(explain.settings), explain.settings);
  assert.deepEqual(settingsMapOf(null), {});
});

test("failClosedOf: from hello", () => {
  assert.equal(failClosedOf({ settings: { failClosed: { value: true, layer: "policy", locked: true } } }), true);
  assert.equal(failClosedOf({ settings: { failClosed: { value: false } } }), false);
  assert.equal(failClosedOf({}), null);
  assert.equal(failClosedOf(null), null);
});

test("resolveFailClosed: managed value, else the engine's setting (or the kept boolean), else false", () => {
  assert.equal(resolveFailClosed(undefined, undefined), false);
  assert.equal(resolveFailClosed({}, undefined), false);
  assert.equal(resolveFailClosed({ failClosed: { value: true, layer: "policy", locked: true } }, undefined), true);
  assert.equal(resolveFailClosed({ failClosed: { value: false } }, undefined), false);
  assert.equal(resolveFailClosed({ failClosed: true }, undefined), true);
  assert.equal(resolveFailClosed({ failClosed: { value: true } }, false), false);
  assert.equal(resolveFailClosed({}, true), true);
  assert.equal(resolveFailClosed({ failClosed: { value: "yes" } }, "yes"), false);
  assert.equal(resolveFailClosed({ locked: [], settings: { failClosed: { value: true } } }, undefined), true);
  assert.equal(resolveFailClosed(true), true);
  assert.equal(resolveFailClosed(false), false);
});
