// The client of the engine, one for both add-ins: the request/reply envelope of docs/protocol.md
// ("Envelope"): request `{id, type, ...}` → `{id, ok: true, result}` or
// `{id, ok: false, error: {code, message}}`. The transport is passed in: native messaging for
// Thunderbird (nativeTransport), the loopback HTTP bridge for Outlook (httpTransport); tests pass
// stand-ins, so this runs under node --test.

/** Native messaging host name (manifests/…/sendcheck.json). */
export const HOST_NAME = "sendcheck";

/** The HTTP bridge's default address (docs/protocol.md, `sendcheck serve`). */
export const BRIDGE_ORIGIN = "http://127.0.0.1:47110";

/** How long a `check` may take before the add-in falls back to its own dialog (ms). */
export const CHECK_TIMEOUT_MS = 10_000;

/**
 * Why an engine request failed; the same four kinds on every transport.
 * - kind "unreachable": the engine is not installed, not running, could not start, or exited
 *   without replying (the transport rejected); `message` is the transport's text.
 * - kind "timeout": no reply within the time limit; `timeoutMs` says how long.
 * - kind "error": the engine replied `ok: false`; `code` and `message` are the engine's.
 * - kind "bad-reply": the reply is not a well-formed envelope, is for another request id, or (for
 *   `check`) is not a confirmation payload.
 */
export class EngineError extends Error {
  /**
   * @param {"unreachable"|"timeout"|"error"|"bad-reply"} kind
   * @param {string} code     engine error code ("settings.locked"), or "host.<kind>"
   * @param {string} message  human-readable detail (not localised)
   * @param {number} [timeoutMs]
   */
  constructor(kind, code, message, timeoutMs) {
    super(message);
    this.name = "EngineError";
    this.kind = kind;
    this.code = code;
    if (timeoutMs !== undefined) this.timeoutMs = timeoutMs;
  }
}

/**
 * @callback Transport
 * @param {object} message  the request envelope `{id, type, ...params}`
 * @param {{signal?: AbortSignal}} context  signal aborts when the request timed out
 * @returns {Promise<any>}  the reply as parsed JSON; rejects when the engine cannot be reached
 *          (an EngineError thrown by the transport is passed on as it is, e.g. bad-reply for a
 *          body that is not JSON)
 */

/**
 * The transport of native messaging.
 * @param {(hostName: string, message: object) => Promise<any>} sendNative
 *        browser.runtime.sendNativeMessage, or a stand-in
 * @param {string} [hostName]  default HOST_NAME
 * @returns {Transport}
 */
export function nativeTransport(sendNative, hostName = HOST_NAME) {
  return (message) => sendNative(hostName, message);
}

/**
 * The transport of the HTTP bridge: `POST <origin>/v1/<type>` with the envelope as JSON body.
 * @param {{fetch?: typeof fetch, origin?: string}} [options]  default globalThis.fetch, BRIDGE_ORIGIN
 * @returns {Transport}  rejects with a plain error when fetch fails (→ unreachable), with an
 *          EngineError bad-reply when the answer is not JSON
 */
export function httpTransport(options = {}) {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const origin = options.origin ?? BRIDGE_ORIGIN;
  return async (message, context = {}) => {
    const response = await fetchFn(`${origin}/v1/${encodeURIComponent(message.type)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(message),
      signal: context.signal,
    });
    try {
      return await response.json();
    } catch {
      throw new EngineError("bad-reply", "host.bad-reply", `HTTP ${response.status}: not JSON`);
    }
  };
}

/**
 * A client of the engine.
 *
 * @param {Transport} transport  nativeTransport(…), httpTransport(…), or a stand-in
 * @param {object} [options]
 * @param {number} [options.timeoutMs]   default per request, ms (default 30 000)
 * @param {(fn: Function, ms: number) => any} [options.setTimer]   default setTimeout
 * @param {(handle: any) => void} [options.clearTimer]               default clearTimeout
 * @returns {{request: (type: string, params?: object, opts?: {timeoutMs?: number}) => Promise<any>}}
 *          request resolves with the reply's `result`, or rejects with an EngineError
 */
export function createEngineClient(transport, options = {}) {
  const defaultTimeout = options.timeoutMs ?? 30_000;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h));
  let nextId = 1;

  async function request(type, params = {}, opts = {}) {
    const id = nextId++;
    const timeoutMs = opts.timeoutMs ?? defaultTimeout;
    const controller = typeof AbortController === "function" ? new AbortController() : null;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimer(() => {
        controller?.abort();
        reject(new EngineError("timeout", "host.timeout", `no reply to "${type}" within ${timeoutMs} ms`, timeoutMs));
      }, timeoutMs);
    });
    let reply;
    try {
      reply = await Promise.race([
        Promise.resolve()
          .then(() => transport({ id, type, ...params }, { signal: controller?.signal }))
          .catch((e) => {
            if (e instanceof EngineError) throw e;
            throw new EngineError("unreachable", "host.unreachable", String(e?.message ?? e));
          }),
        timeout,
      ]);
    } finally {
      clearTimer(timer);
    }
    return unwrapReply(reply, id);
  }

  return { request };
}

/**
 * The result of a reply envelope, or an EngineError.
 * @param {any} reply  what the engine sent
 * @param {number} id  the request's id
 * @returns {any} reply.result
 */
export function unwrapReply(reply, id) {
  if (!reply || typeof reply !== "object" || Array.isArray(reply)) {
    throw new EngineError("bad-reply", "host.bad-reply", "the reply is not a JSON object");
  }
  if (reply.id !== id) {
    throw new EngineError("bad-reply", "host.bad-reply", `the reply is for request ${JSON.stringify(reply.id)}, not ${id}`);
  }
  if (reply.ok === true) return reply.result;
  if (reply.ok === false && reply.error && typeof reply.error === "object") {
    throw new EngineError("error", String(reply.error.code ?? "host.error"), String(reply.error.message ?? ""));
  }
  throw new EngineError("bad-reply", "host.bad-reply", "the reply has neither ok: true nor an error");
}

const VERDICTS = new Set(["send", "confirm", "block"]);

/**
 * Whether a `check` result has the shape of a confirmation payload (docs/protocol.md), enough
 * for the dialog: a known verdict, and `groups`, `attachments`, `warnings` arrays when present.
 * @param {any} payload
 * @returns {boolean}
 */
export function isPayload(payload) {
  if (!payload || typeof payload !== "object" || !VERDICTS.has(payload.verdict)) return false;
  for (const key of ["groups", "attachments", "warnings"]) {
    if (payload[key] !== undefined && !Array.isArray(payload[key])) return false;
  }
  return (payload.groups ?? []).every((g) => g && typeof g === "object" &&
    (g.recipients === undefined || Array.isArray(g.recipients)));
}

/**
 * Ask the engine to check a draft; never rejects.
 * @param {{request: Function}} client  createEngineClient(…)
 * @param {object} params  the `check` request's fields ({draft} or {draft, locale})
 * @param {{timeoutMs?: number}} [opts]  default CHECK_TIMEOUT_MS
 * @returns {Promise<{payload: object}|{error: EngineError}>}  error kind bad-reply when the
 *          result is not a confirmation payload
 */
export async function checkDraft(client, params, opts = {}) {
  try {
    const payload = await client.request("check", params, { timeoutMs: opts.timeoutMs ?? CHECK_TIMEOUT_MS });
    if (!isPayload(payload)) {
      return { error: new EngineError("bad-reply", "host.bad-reply", "the check result is not a confirmation payload") };
    }
    return { payload };
  } catch (e) {
    return { error: e instanceof EngineError ? e : new EngineError("unreachable", "host.unreachable", String(e?.message ?? e)) };
  }
}
