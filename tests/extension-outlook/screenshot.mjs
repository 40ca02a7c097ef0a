#!/usr/bin/env node
// Renders the task pane in headless Chromium with the Office.js test double and an engine payload
// (tests/extension-shared/fixtures) into docs/screenshots/outlook-taskpane.png (and -en.png).
// Not a test: node tests/extension-outlook/screenshot.mjs  (needs Debian's chromium).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { OUTLOOK_DIR, ROOT, payloadFixture } from "./office-double.mjs";

const { build } = await import(path.join(OUTLOOK_DIR, "build.mjs"));
const out = fs.mkdtempSync(path.join(os.tmpdir(), "sendcheck-shot-"));
build(out);

// The browser's Office double: a compose item whose recipients match the payload; the bridge
// answered by a fetch override that returns the payload for /v1/check.
const double = (lang, payload, item) => `
window.Office = {
  onReady: (fn) => Promise.resolve().then(fn),
  context: {
    displayLanguage: ${JSON.stringify(lang)},
    roamingSettings: { get: () => undefined },
    mailbox: { item: (() => {
      const s = ${JSON.stringify(item)};
      const ok = (value) => ({ status: "succeeded", value });
      const r = (f) => ({ getAsync: (cb) => cb(ok(s[f])) });
      return { to: r("to"), cc: r("cc"), bcc: r("bcc"), subject: r("subject"), from: r("from"),
        body: { getAsync: (t, cb) => cb(ok(s.body)) },
        getAttachmentsAsync: (cb) => cb(ok(s.attachments)),
        getAttachmentContentAsync: (id, cb) => cb({ status: "failed", error: {} }),
        sessionData: { getAsync: (k, cb) => cb({ status: "failed", error: {} }), setAsync: (k, v, cb) => cb(ok()) } };
    })() },
  },
};
const realFetch = window.fetch.bind(window);
window.fetch = (url, init) => String(url).startsWith("http://127.0.0.1:47110/")
  ? Promise.resolve({ status: 200, json: async () => ({ id: JSON.parse(init.body).id, ok: true, result: ${JSON.stringify(payload)} }) })
  : realFetch(url, init);
`;

const shots = [
  {
    file: "outlook-taskpane.png", lang: "ja-JP", payload: payloadFixture("payload-reconfirm.json"),
    item: {
      to: [{ displayName: "社内全員", emailAddress: "社内全員" }, { displayName: "Suzuki, Ichiro", emailAddress: "suzuki@partner.example" }],
      cc: [{ displayName: "佐藤", emailAddress: "sato@trusted.example" }, { displayName: "山田", emailAddress: "yamada@例え.jp" }],
      bcc: [], subject: "【社外秘】見積書の送付", body: "鈴木様\n\n見積書を添付します。", from: { displayName: "山田 太郎", emailAddress: "taro@example.co.jp" },
      attachments: [{ id: "a", name: "見積書.pdf", size: 120345, attachmentType: "file", isInline: false }],
    },
  },
  {
    file: "outlook-taskpane-en.png", lang: "en-US", payload: payloadFixture("payload-bcc.json"),
    item: { to: [], cc: [], bcc: [], subject: "Quarterly update", body: "", from: null, attachments: [] },
  },
];

const server = http.createServer((req, res) => {
  const file = path.join(out, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(out) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404).end(); return; }
  const type = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".png": "image/png" }[path.extname(file)] ?? "application/octet-stream";
  res.writeHead(200, { "Content-Type": `${type}; charset=utf-8` }).end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const port = server.address().port;
const chromium = ["chromium", "chromium-browser", "google-chrome"].find((c) => { try { execFileSync("which", [c]); return true; } catch { return false; } });
if (!chromium) { console.error("chromium not found"); process.exit(1); }
fs.mkdirSync(path.join(ROOT, "docs/screenshots"), { recursive: true });
for (const shot of shots) {
  const page = path.join(out, "outlook/src", `shot-${shot.lang}.html`);
  fs.writeFileSync(path.join(out, "outlook/src", `double-${shot.lang}.js`), double(shot.lang, shot.payload, shot.item));
  fs.writeFileSync(page, fs.readFileSync(path.join(out, "outlook/src/taskpane.html"), "utf8")
    .replace(/<script src="https:\/\/appsforoffice[^"]+"><\/script>/, `<script src="double-${shot.lang}.js"></script>`));
  const target = path.join(ROOT, "docs/screenshots", shot.file);
  await new Promise((resolve, reject) => {
    const p = spawn(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--hide-scrollbars", "--window-size=420,1100", "--virtual-time-budget=5000", `--user-data-dir=${path.join(out, "profile")}`,
      `--screenshot=${target}`, `http://127.0.0.1:${port}/outlook/src/shot-${shot.lang}.html`], { stdio: "inherit" });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`chromium exited ${code}`))));
  });
  console.log(target);
}
server.close();
fs.rmSync(out, { recursive: true, force: true });
