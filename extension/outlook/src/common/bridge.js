// The client of the engine's HTTP bridge (`sendcheck serve`): POST /v1/<type> on 127.0.0.1 with
// the same envelope as native messaging (docs/protocol.md).

/** The bridge's default address (docs/protocol.md, `sendcheck serve`). */
export const BRIDGE_ORIGIN = "http://127.0.0.1:47110";
/** How long a request may take before the send is treated as "engine not answering". */
export const BRIDGE_TIMEOUT_MS = 10_000;

/** Why a request failed; kind as the Thunderbird dialog model's fallbackReason expects. */
export class BridgeError extends Error {
  /**
   * @param {"unreachable"|"timeout"|"error"|"bad-reply"} kind
   * @param {string} message
   * @param {{code?: string, timeoutMs?: number}} [extra]
   */
  constructor(kind, message, extra = {}) {
    super(message);
    this.name = "BridgeError";
    this.kind = kind;
    if (extra.code) this.code = extra.code;
    if (extra.timeoutMs) this.timeoutMs = extra.timeoutMs;
  }
}

/**
 * @param {{fetch?: typeof fetch, origin?: string, timeoutMs?: number}} [options]
 * @returns {{request: (type: string, fields?: object) => Promise<any>}}
 *   request resolves with the reply's `result`; rejects with a BridgeError:
 *   unreachable (network error), timeout, error (ok: false; code and message of the engine),
 *   bad-reply (not the JSON envelope)
 */
export function createBridgeClient(options = {}) {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const origin = options.origin ?? BRIDGE_ORIGIN;
  const timeoutMs = options.timeoutMs ?? BRIDGE_TIMEOUT_MS;
  let nextId = 1;
  return {
    async request(type, fields = {}) {
      const id = nextId++;
      const controller = typeof AbortController === "function" ? new AbortController() : null;
      let timedOut = false;
      let timer;
      const timeout = new Promise((resolve, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          controller?.abort();
          reject(new BridgeError("timeout", `no answer in ${timeoutMs} ms`, { timeoutMs }));
        }, timeoutMs);
      });
      try {
        const response = await Promise.race([
          fetchFn(`${origin}/v1/${encodeURIComponent(type)}`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ id, type, ...fields }),
            signal: controller?.signal,
          }).catch((e) => {
            if (timedOut) throw new BridgeError("timeout", `no answer in ${timeoutMs} ms`, { timeoutMs });
            throw new BridgeError("unreachable", String(e?.message ?? e));
          }),
          timeout,
        ]);
        let reply;
        try { reply = await Promise.race([response.json(), timeout]); } catch (e) {
          if (e instanceof BridgeError) throw e;
          throw new BridgeError("bad-reply", `HTTP ${response.status}: not JSON`);
        }
        if (reply?.ok === true && "result" in reply) return reply.result;
        if (reply?.ok === false && reply.error) {
          throw new BridgeError("error", String(reply.error.message ?? ""), { code: String(reply.error.code ?? "") });
        }
        throw new BridgeError("bad-reply", `HTTP ${response.status}: not a SendCheck reply`);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Whether a `check` result looks like a confirmation payload.
 * @param {any} payload
 * @returns {boolean}
 */
export function isPayload(payload) {
  return !!payload && typeof payload === "object" && ["send", "confirm", "block"].includes(payload.verdict)
    && (payload.groups === undefined || Array.isArray(payload.groups));
}
