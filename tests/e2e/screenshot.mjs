// Takes a screenshot of SendCheck's dialog in a headless Thunderbird that screenshots.sh started:
// the driver add-on composes the demo draft, the real add-on asks the (replay) host and opens the
// dialog, and Marionette captures the dialog window.
// Environment: SHOT_PROFILE, SHOT_STATE, SHOT_DRAFT (draft JSON), SHOT_OUT (PNG), SHOT_LANG (ja|en).
import fs from "node:fs";
import path from "node:path";
import { DialogDriver, sleep, waitFor } from "./lib/dialog.mjs";
import { Marionette } from "./lib/marionette.mjs";

const { SHOT_PROFILE, SHOT_STATE, SHOT_DRAFT, SHOT_OUT, SHOT_LANG } = process.env;
const log = (...a) => console.log(`screenshot ${SHOT_LANG}:`, ...a);
setTimeout(() => { console.error("screenshot: timeout"); process.exit(1); }, 120000);

const portFile = path.join(SHOT_PROFILE, "MarionetteActivePort");
const port = Number(await waitFor(() => fs.existsSync(portFile) && fs.readFileSync(portFile, "utf8").trim(), 60000, "Marionette port"));
const m = await Marionette.connect(port);
await m.cmd("WebDriver:NewSession", { capabilities: {} });
await m.cmd("Marionette:SetContext", { value: "chrome" });
const ui = new DialogDriver(m);
const events = () => {
  try { return fs.readFileSync(path.join(SHOT_STATE, "driver.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)); } catch { return []; }
};
await waitFor(() => events().find((e) => e.type === "ready"), 60000, "driver add-on ready");
await sleep(500);

const draft = JSON.parse(fs.readFileSync(SHOT_DRAFT, "utf8"));
const cmd = {
  type: "send", n: 1, timeoutMs: 60000, to: draft.to, cc: draft.cc || [], bcc: draft.bcc || [],
  subject: draft.subject, body: draft.body,
  attachments: (draft.attachments || []).map((a) => ({ name: a.name, type: a.contentType, text: "%PDF-1.4\n" })),
};
fs.mkdirSync(path.join(SHOT_STATE, "cmd"), { recursive: true });
fs.writeFileSync(path.join(SHOT_STATE, "cmd", "0001.json"), JSON.stringify(cmd));

const d = await ui.waitForDialog(30000);
let s = await ui.state();
log(`dialog open: lang=${s.lang} mode=${s.mode} recipients=${s.recipients.length} height=${s.scrollHeight}`);
if (s.lang !== SHOT_LANG) throw new Error(`the dialog is in "${s.lang}", not "${SHOT_LANG}" (language pack installed?)`);
// Fit the window to the content (the add-on opens 720x680), then capture it.
const rect = await m.cmd("WebDriver:GetWindowRect");
const inner = await m.chrome(`const b = document.getElementById("requestFrame").getBoundingClientRect(); return [b.width, b.height];`);
const height = Math.min(1600, Math.ceil(rect.height - inner[1] + s.scrollHeight + 2));
await m.cmd("WebDriver:SetWindowRect", { width: rect.width, height });
await sleep(800);
const shot = await m.cmd("WebDriver:TakeScreenshot", { full: false, hash: false });
fs.mkdirSync(path.dirname(SHOT_OUT), { recursive: true });
fs.writeFileSync(SHOT_OUT, Buffer.from(shot.value, "base64"));
log(`wrote ${SHOT_OUT} (${rect.width}x${height})`);
await ui.select(d.handle);
await ui.click("#cancel", { closesDialog: true }).catch(() => {});
await m.cmd("WebDriver:DeleteSession").catch(() => {});
m.close();
process.exit(0);
