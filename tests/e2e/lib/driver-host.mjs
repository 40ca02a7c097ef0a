// Native messaging host of the e2e driver add-on (driver-ext/), kept open with connectNative.
//   driver-host.mjs STATE_DIR [manifest-path extension-id]   (Thunderbird adds the last two)
// The test (e2e.mjs) drops commands as STATE_DIR/cmd/NNNN.json; this host forwards each one to the
// add-on once, in order, and appends every message of the add-on as one JSON line to
// STATE_DIR/driver.jsonl (results, "ready", errors). Frames: 4-byte native-endian length + JSON.
import fs from "node:fs";
import path from "node:path";

const state = process.argv[2];
const cmdDir = path.join(state, "cmd");
fs.mkdirSync(cmdDir, { recursive: true });
const log = (obj) => fs.appendFileSync(path.join(state, "driver.jsonl"),
  JSON.stringify({ t: Date.now() / 1000, pid: process.pid, ...obj }) + "\n");

function send(obj) {
  const body = Buffer.from(JSON.stringify(obj), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length); // x86-64/arm64: native order is little-endian
  process.stdout.write(Buffer.concat([head, body]));
}

let buf = Buffer.alloc(0);
process.stdin.on("data", (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  while (buf.length >= 4) {
    const n = buf.readUInt32LE(0);
    if (buf.length < 4 + n) break;
    const msg = JSON.parse(buf.subarray(4, 4 + n).toString("utf8"));
    buf = buf.subarray(4 + n);
    log(msg);
  }
});
process.stdin.on("end", () => process.exit(0));

const sent = new Set();
setInterval(() => {
  let names = [];
  try { names = fs.readdirSync(cmdDir).filter((f) => f.endsWith(".json")).sort(); } catch { return; }
  for (const name of names) {
    if (sent.has(name)) continue;
    sent.add(name);
    send(JSON.parse(fs.readFileSync(path.join(cmdDir, name), "utf8")));
  }
}, 100);
log({ type: "host-start", argv: process.argv.slice(3) });
