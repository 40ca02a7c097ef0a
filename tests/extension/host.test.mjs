// The native messaging envelope: ids, results, host errors, unreachable host, timeouts, bad replies.
import test from "node:test";
import assert from "node:assert/strict";
import { common, fixture } from "./helpers.mjs";

const { createHostClient, unwrapReply, isPayload, HostError, HOST_NAME, CHECK_TIMEOUT_MS } = await common("host.js");

test("request: sends {id, type, ...params} to host \"sendcheck\" and returns the result", async () => {
  const sent = [];
  const client = createHostClient(async (name, message) => {
    sent.push([name, message]);
    return { id: message.id, ok: true, result: { echo: message.type } };
  });
  assert.deepEqual(await client.request("hello"), { echo: "hello" });
  assert.deepEqual(await client.request("settings.set", { key: "countdownSeconds", value: 5 }), { echo: "settings.set" });
  assert.deepEqual(sent, [
    ["sendcheck", { id: 1, type: "hello" }],
    ["sendcheck", { id: 2, type: "settings.set", key: "countdownSeconds", value: 5 }],
  ]);
  assert.equal(HOST_NAME, "sendcheck");
  assert.equal(CHECK_TIMEOUT_MS, 10000);
});

test("host error reply → HostError kind error with the host's code and message", async () => {
  const client = createHostClient(async (_, m) => ({ id: m.id, ok: false, error: { code: "settings.locked", message: "internalDomains is locked by the team policy" } }));
  await assert.rejects(client.request("settings.set", { key: "internalDomains", value: [] }), (e) => {
    assert.ok(e instanceof HostError);
    assert.deepEqual([e.kind, e.code, e.message], ["error", "settings.locked", "internalDomains is locked by the team policy"]);
    return true;
  });
});

test("host missing or crashed → kind unreachable with the browser's text", async () => {
  const client = createHostClient(async () => { throw new Error("No such native application sendcheck"); });
  await assert.rejects(client.request("check", { draft: {} }), (e) => {
    assert.deepEqual([e.kind, e.code, e.message], ["unreachable", "host.unreachable", "No such native application sendcheck"]);
    return true;
  });
  const sync = createHostClient(() => { throw new Error("sync throw"); });
  await assert.rejects(sync.request("hello"), (e) => e.kind === "unreachable" && e.message === "sync throw");
});

test("no reply in time → kind timeout (fake timers)", async () => {
  const timers = [];
  const client = createHostClient(() => new Promise(() => {}), {
    setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length; },
    clearTimer: () => {},
  });
  const pending = client.request("check", { draft: {} }, { timeoutMs: 10_000 });
  assert.deepEqual(timers.map((t) => t.ms), [10000]);
  timers[0].fn();
  await assert.rejects(pending, (e) => {
    assert.deepEqual([e.kind, e.code, e.timeoutMs, e.message], ["timeout", "host.timeout", 10000, "no reply to \"check\" within 10000 ms"]);
    return true;
  });
});

test("the timer is cleared after a reply", async () => {
  const cleared = [];
  const client = createHostClient(async (_, m) => ({ id: m.id, ok: true, result: 1 }), {
    setTimer: () => "handle-1", clearTimer: (h) => cleared.push(h),
  });
  assert.equal(await client.request("hello"), 1);
  assert.deepEqual(cleared, ["handle-1"]);
});

test("malformed replies → kind bad-reply", () => {
  const bad = (reply, message) => assert.throws(() => unwrapReply(reply, 3), (e) => e.kind === "bad-reply" && e.code === "host.bad-reply" && e.message === message);
  bad(null, "the reply is not a JSON object");
  bad([1], "the reply is not a JSON object");
  bad("text", "the reply is not a JSON object");
  bad({ id: 4, ok: true, result: {} }, "the reply is for request 4, not 3");
  bad({ id: 3 }, "the reply has neither ok: true nor an error");
  bad({ id: 3, ok: false }, "the reply has neither ok: true nor an error");
  assert.equal(unwrapReply({ id: 3, ok: true, result: null }, 3), null);
});

test("isPayload: real payloads pass, wrong shapes fail", () => {
  for (const name of ["payload-bcc.json", "payload-reconfirm.json", "payload-block.json"]) assert.equal(isPayload(fixture(name)), true, name);
  assert.equal(isPayload({ verdict: "send" }), true);
  assert.equal(isPayload(null), false);
  assert.equal(isPayload({ verdict: "maybe" }), false);
  assert.equal(isPayload({ verdict: "confirm", groups: {} }), false);
  assert.equal(isPayload({ verdict: "confirm", warnings: "x" }), false);
  assert.equal(isPayload({ verdict: "confirm", groups: [null] }), false);
  assert.equal(isPayload({ verdict: "confirm", groups: [{ recipients: {} }] }), false);
});
