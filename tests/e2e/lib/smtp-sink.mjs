// Minimal SMTP sink on 127.0.0.1 (no auth, no TLS), Node 20, no dependencies.
//   node smtp-sink.mjs OUTDIR
// Listens on a free port and writes it to OUTDIR/port; saves each message as OUTDIR/NNN.eml and
// appends its envelope as one JSON line to OUTDIR/smtp.jsonl.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const out = process.argv[2];
if (!out) {
  console.error("usage: smtp-sink.mjs OUTDIR");
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });
let counter = 0;

const server = net.createServer((sock) => {
  const send = (line) => sock.write(line + "\r\n");
  let buf = Buffer.alloc(0);
  let inData = false;
  let data = [];
  let from = null;
  let rcpt = [];
  send("220 localhost ESMTP sendcheck-e2e sink");
  sock.on("error", () => {});
  sock.on("data", (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const nl = buf.indexOf(0x0a);
      if (nl < 0) return;
      const raw = buf.subarray(0, nl + 1);
      buf = buf.subarray(nl + 1);
      const line = raw.toString("latin1").replace(/\r?\n$/, "");
      if (inData) {
        if (line === ".") {
          inData = false;
          counter += 1;
          const file = path.join(out, String(counter).padStart(3, "0") + ".eml");
          fs.writeFileSync(file, Buffer.concat(data));
          fs.appendFileSync(path.join(out, "smtp.jsonl"),
            JSON.stringify({ t: Date.now() / 1000, from, rcpt, file }) + "\n");
          data = [];
          send("250 OK queued");
        } else {
          data.push(raw[0] === 0x2e ? raw.subarray(1) : raw); // dot-stuffing (RFC 5321 §4.5.2)
        }
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === "EHLO") {
        send("250-localhost");
        send("250-8BITMIME");
        send("250 SIZE 104857600");
      } else if (verb === "HELO") {
        send("250 localhost");
      } else if (verb === "MAIL") {
        from = line.slice(10).trim();
        rcpt = [];
        send("250 OK");
      } else if (verb === "RCPT") {
        rcpt.push(line.slice(8).trim());
        send("250 OK");
      } else if (verb === "DATA") {
        inData = true;
        send("354 End data with <CR><LF>.<CR><LF>");
      } else if (verb === "QUIT") {
        send("221 bye");
        sock.end();
        return;
      } else if (verb === "RSET") {
        from = null;
        rcpt = [];
        send("250 OK");
      } else if (verb === "NOOP") {
        send("250 OK");
      } else {
        send("502 not implemented");
      }
    }
  });
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  fs.writeFileSync(path.join(out, "port.tmp"), String(port));
  fs.renameSync(path.join(out, "port.tmp"), path.join(out, "port"));
  console.log(`smtp sink listening on 127.0.0.1:${port}`);
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
