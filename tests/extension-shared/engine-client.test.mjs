// The engine client: the envelope on both transports (native messaging, HTTP bridge): ids,
// results, engine errors, unreachable engine, timeouts, bad replies, the check of a draft.
import test from "node:test";
import assert from "node:assert/strict";
import { shared, fixture } from "./helpers.mjs";

const {
  createEngineClient, nativeTransport, httpTransport, checkDraft, unwrapReply, isPayload, EngineError, HOST_NAME, BRIDGE_ORIGIN, CHECK_TIMEOUT_MS,
} = await shared("engine-client.js");
const nativeClient = (sendNative, options) => createEngineClient(nativeTransport(sendNative), options);

test("request: sends {id, type, ...params} to host \"sendcheck\" and returns the result", async () => {
  const sent = [];
  const client = nativeClient(async (name, message) => {
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

test("host error reply → EngineError kind error with the host's code and message", async () => {
  const client = nativeClient(async (_, m) => ({ id: m.id, ok: false, error: { code: "settings.locked", message: "internalDomains is locked by the team policy" } }));
  await assert.rejects(client.request("settings.set", { key: "internalDomains", value: [] }), (e) => {
    assert.ok(e instanceof EngineError);
    assert.deepEqual([e.kind, e.code, e.message], ["error", "settings.locked", "internalDomains is locked by the team policy"]);
    return true;
  });
});

test("host missing or crashed → kind unreachable with the browser's text", async () => {
  const client = nativeClient(async () => { throw new Error("No such native application sendcheck"); });
  await assert.rejects(client.request("check", { draft: {} }), (e) => {
    assert.deepEqual([e.kind, e.code, e.message], ["unreachable", "host.unreachable", "No such native application sendcheck"]);
    return true;
  });
  const sync = nativeClient(() => { throw new Error("sync throw"); });
  await assert.rejects(sync.request("hello"), (e) => e.kind === "unreachable" && e.message === "sync throw");
});

test("no reply in time → kind timeout (fake timers)", async () => {
  const timers = [];
  const client = nativeClient(() => new Promise(() => {}), {
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
  const client = nativeClient(async (_, m) => ({ id: m.id, ok: true, result: 1 }), {
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

/** A fetch for the bridge: handler(request envelope) → result, or {reply}, or {status, text}; throwing rejects. */
function fakeFetch(handler) {
  const requests = [];
  const fn = async (url, init) => {
    const request = JSON.parse(init.body);
    requests.push({ url, method: init.method, contentType: init.headers["Content-Type"], signal: init.signal, ...request });
    const out = await handler(request);
    if (out && "text" in out) return { status: out.status ?? 200, json: async () => JSON.parse(out.text) };
    return { status: 200, json: async () => (out && "reply" in out ? out.reply : { id: request.id, ok: true, result: out }) };
  };
  fn.requests = requests;
  return fn;
}

test("HTTP transport: POST <origin>/v1/<type> with the envelope; the same result and errors", async () => {
  const fetch = fakeFetch((req) => ({ echo: req.type }));
  const client = createEngineClient(httpTransport({ fetch }));
  assert.deepEqual(await client.request("check", { draft: { to: [] }, locale: "ja" }), { echo: "check" });
  const [r] = fetch.requests;
  assert.deepEqual([r.url, r.method, r.contentType, r.id, r.type, r.locale], [`${BRIDGE_ORIGIN}/v1/check`, "POST", "application/json", 1, "check", "ja"]);
  assert.equal(BRIDGE_ORIGIN, "http://127.0.0.1:47110");

  const down = createEngineClient(httpTransport({ fetch: fakeFetch(() => { throw new TypeError("Failed to fetch"); }) }));
  await assert.rejects(down.request("hello"), (e) => e instanceof EngineError && e.kind === "unreachable" && e.message === "Failed to fetch");
  const html = createEngineClient(httpTransport({ fetch: fakeFetch(() => ({ status: 404, text: "<html>" })) }));
  await assert.rejects(html.request("hello"), (e) => e.kind === "bad-reply" && e.message === "HTTP 404: not JSON");
  const err = createEngineClient(httpTransport({ fetch: fakeFetch((req) => ({ reply: { id: req.id, ok: false, error: { code: "draft.bad-field", message: "to[0]" } } })) }));
  await assert.rejects(err.request("check"), (e) => e.kind === "error" && e.code === "draft.bad-field");
  const other = createEngineClient(httpTransport({ fetch: fakeFetch((req) => ({ reply: { id: req.id + 1, ok: true, result: {} } })) }));
  await assert.rejects(other.request("hello"), (e) => e.kind === "bad-reply" && /is for request 2, not 1/.test(e.message));
});

test("HTTP transport: a timeout aborts the fetch", async () => {
  const fetch = fakeFetch(() => new Promise(() => {}));
  const client = createEngineClient(httpTransport({ fetch }), { timeoutMs: 20 });
  await assert.rejects(client.request("check"), (e) => e.kind === "timeout" && e.timeoutMs === 20);
  assert.equal(fetch.requests[0].signal.aborted, true);
});

test("checkDraft: the payload, or the error (never rejects)", async () => {
  const payload = fixture("payload-reconfirm.json");
  const good = nativeClient(async (_, m) => ({ id: m.id, ok: true, result: payload }));
  assert.deepEqual(await checkDraft(good, { draft: {} }), { payload });
  const notPayload = nativeClient(async (_, m) => ({ id: m.id, ok: true, result: { hello: 1 } }));
  const bad = await checkDraft(notPayload, { draft: {} });
  assert.equal(bad.error.kind, "bad-reply");
  const down = await checkDraft(nativeClient(async () => { throw new Error("gone"); }), { draft: {} });
  assert.deepEqual([down.error.kind, down.error.message], ["unreachable", "gone"]);
  const timers = [];
  const slow = nativeClient(() => new Promise(() => {}), { setTimer: (fn, ms) => { timers.push(ms); setTimeout(fn, 0); }, clearTimer: () => {} });
  assert.equal((await checkDraft(slow, { draft: {} })).error.kind, "timeout");
  assert.deepEqual(timers, [CHECK_TIMEOUT_MS]);
});
