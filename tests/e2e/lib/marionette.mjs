// Zero-dependency Marionette client (Node 20). Thunderbird runs with
// `--marionette -remote-allow-system-access` (chrome context).
// Wire format: "<decimal byte length>:<JSON>"; commands [0, id, name, params], replies
// [1, id, error, result]. Replies are matched by id, so a late reply never answers the wrong command.
import net from "node:net";

export class Marionette {
  constructor(sock) {
    this.sock = sock;
    this.buf = Buffer.alloc(0);
    this.pending = new Map(); // id -> {resolve, reject}
    this.greeting = null;
    this.onGreeting = null;
    this.id = 0;
    this.closed = null;
    sock.on("data", (d) => { this.buf = Buffer.concat([this.buf, d]); this.pump(); });
    const fail = (why) => {
      this.closed = why;
      for (const { reject } of this.pending.values()) reject(new Error(`marionette: ${why}`));
      this.pending.clear();
    };
    sock.on("close", () => fail("connection closed"));
    sock.on("error", (e) => fail(e.message));
  }

  pump() {
    for (;;) {
      const colon = this.buf.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(this.buf.subarray(0, colon).toString());
      if (this.buf.length < colon + 1 + len) return;
      const msg = JSON.parse(this.buf.subarray(colon + 1, colon + 1 + len).toString("utf8"));
      this.buf = this.buf.subarray(colon + 1 + len);
      if (!Array.isArray(msg)) {
        this.greeting = msg;
        this.onGreeting?.(msg);
        continue;
      }
      const [, id, error, result] = msg;
      const waiter = this.pending.get(id);
      if (!waiter) continue;
      this.pending.delete(id);
      if (error) waiter.reject(new Error(`${waiter.name}: ${error.error}: ${error.message}`));
      else waiter.resolve(result);
    }
  }

  // One command; rejects after `timeoutMs` (the reply, if it comes later, is dropped).
  cmd(name, params = {}, timeoutMs = 30000) {
    if (this.closed) return Promise.reject(new Error(`marionette: ${this.closed}`));
    const id = ++this.id;
    const body = Buffer.from(JSON.stringify([0, id, name, params]), "utf8");
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${name}: timeout after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        name,
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.sock.write(`${body.length}:`);
      this.sock.write(body);
    });
  }

  // A chrome-context script; the body runs inside an async function (`await`, `arguments`).
  async chrome(script, ...args) {
    const r = await this.cmd("WebDriver:ExecuteScript",
      { script: `return (async () => {\n${script}\n})();`, args });
    return r.value;
  }

  close() { this.sock.end(); }

  static async connect(port, { timeoutMs = 60000, host = "127.0.0.1" } = {}) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      try {
        const sock = await new Promise((res, rej) => {
          const s = net.connect(port, host, () => res(s));
          s.on("error", rej);
        });
        const m = new Marionette(sock);
        await new Promise((res, rej) => {
          if (m.greeting) return res();
          m.onGreeting = res;
          setTimeout(() => rej(new Error("no greeting")), 10000);
        });
        return m;
      } catch (e) {
        last = e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error(`cannot connect to marionette on ${host}:${port}: ${last?.message}`);
  }
}
