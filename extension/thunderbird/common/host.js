// The request/reply envelope of the native messaging host (docs/protocol.md "Envelope"):
// request `{id, type, ...}` → `{id, ok: true, result}` or `{id, ok: false, error: {code, message}}`.
// The transport (browser.runtime.sendNativeMessage) is passed in, so this runs under node --test.

/** Native messaging host name (manifests/…/sendcheck.json). */
export const HOST_NAME = "sendcheck";

/** How long a `check` may take before the add-on falls back to its own dialog (ms). */
export const CHECK_TIMEOUT_MS = 10_000;

/**
 * Why a host request failed.
 * - kind "unreachable": the host is not installed, could not start, or exited without replying
 *   (sendNativeMessage rejected); `message` is the browser's text.
 * - kind "timeout": no reply within the time limit; `timeoutMs` says how long.
 * - kind "error": the host replied `ok: false`; `code` and `message` are the host's.
 * - kind "bad-reply": the reply is not a well-formed envelope (or a result of the wrong shape).
 */
export class HostError extends Error {
  /**
   * @param {"unreachable"|"timeout"|"error"|"bad-reply"} kind
   * @param {string} code     host error code ("settings.locked"), or "host.<kind>"
   * @param {string} message  human-readable detail (not localised)
   * @param {number} [timeoutMs]
   */
  constructor(kind, code, message, timeoutMs) {
    super(message);
    this.name = "HostError";
    this.kind = kind;
    this.code = code;
    if (timeoutMs !== undefined) this.timeoutMs = timeoutMs;
  }
}

/**
 * A client for the host.
 *
 * @param {(hostName: string, message: object) => Promise<any>} sendNative
 *        browser.runtime.sendNativeMessage, or a stand-in
 * @param {object} [options]
 * @param {string} [options.hostName]    default HOST_NAME
 * @param {number} [options.timeoutMs]   default per request, ms (default 30 000)
 * @param {(fn: Function, ms: number) => any} [options.setTimer]   default setTimeout
 * @param {(handle: any) => void} [options.clearTimer]               default clearTimeout
 * @returns {{request: (type: string, params?: object, opts?: {timeoutMs?: number}) => Promise<any>}}
 *          request resolves with the reply's `result`, or rejects with a HostError
 */
export function createHostClient(sendNative, options = {}) {
  const hostName = options.hostName ?? HOST_NAME;
  const defaultTimeout = options.timeoutMs ?? 30_000;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h));
  let nextId = 1;

  async function request(type, params = {}, opts = {}) {
    const id = nextId++;
    const timeoutMs = opts.timeoutMs ?? defaultTimeout;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimer(() => reject(new HostError("timeout", "host.timeout",
        `no reply to "${type}" within ${timeoutMs} ms`, timeoutMs)), timeoutMs);
    });
    let reply;
    try {
      reply = await Promise.race([
        Promise.resolve()
          .then(() => sendNative(hostName, { id, type, ...params }))
          .catch((e) => {
            throw new HostError("unreachable", "host.unreachable", String(e?.message ?? e));
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
 * The result of a reply envelope, or a HostError.
 * @param {any} reply  what the host sent
 * @param {number} id  the request's id
 * @returns {any} reply.result
 */
export function unwrapReply(reply, id) {
  if (!reply || typeof reply !== "object" || Array.isArray(reply)) {
    throw new HostError("bad-reply", "host.bad-reply", "the reply is not a JSON object");
  }
  if (reply.id !== id) {
    throw new HostError("bad-reply", "host.bad-reply", `the reply is for request ${JSON.stringify(reply.id)}, not ${id}`);
  }
  if (reply.ok === true) return reply.result;
  if (reply.ok === false && reply.error && typeof reply.error === "object") {
    throw new HostError("error", String(reply.error.code ?? "host.error"), String(reply.error.message ?? ""));
  }
  throw new HostError("bad-reply", "host.bad-reply", "the reply has neither ok: true nor an error");
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
