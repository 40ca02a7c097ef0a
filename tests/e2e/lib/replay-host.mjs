// A stand-in native host "sendcheck" for screenshots: answers every `check` with a payload that
// the real engine produced beforehand (`sendcheck check DRAFT > PAYLOAD`), so the real add-on
// shows the real dialog for it.   replay-host.mjs PAYLOAD [manifest-path extension-id]
import fs from "node:fs";

const payload = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const send = (obj) => {
  const body = Buffer.from(JSON.stringify(obj), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length);
  process.stdout.write(Buffer.concat([head, body]));
};
let buf = Buffer.alloc(0);
process.stdin.on("data", (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  while (buf.length >= 4) {
    const n = buf.readUInt32LE(0);
    if (buf.length < 4 + n) break;
    const msg = JSON.parse(buf.subarray(4, 4 + n).toString("utf8"));
    buf = buf.subarray(4 + n);
    if (msg.type === "check") send({ id: msg.id, ok: true, result: payload });
    else if (msg.type === "hello") send({ id: msg.id, ok: true, result: { version: "replay", protocol: 1, settings: {}, locked: [] } });
    else send({ id: msg.id, ok: true, result: {} });
  }
});
process.stdin.on("end", () => process.exit(0));
