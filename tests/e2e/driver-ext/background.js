// Test driver: receives commands from its native host (lib/driver-host.mjs) and composes and
// sends drafts the way a user would, through compose.beginNew + compose.sendMessage, so that the
// product add-on's compose.onBeforeSend runs. Reports each outcome back to the host.
const HOST = "sendcheck_e2e_driver";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const errStr = (e) => (e && e.message) ? e.message : String(e);
const withTimeout = (p, ms, what) => Promise.race([
  p, sleep(ms).then(() => { throw new Error(`TIMEOUT after ${ms}ms: ${what}`); })]);

const port = browser.runtime.connectNative(HOST);

async function sendDraft(cmd) {
  const t0 = Date.now();
  let tab, result, error, closeError;
  try {
    const details = {
      to: cmd.to || [], cc: cmd.cc || [], bcc: cmd.bcc || [],
      subject: cmd.subject || "", isPlainText: true, plainTextBody: cmd.body || "",
    };
    if (cmd.attachments && cmd.attachments.length) {
      details.attachments = cmd.attachments.map((a) => ({
        file: new File([a.text || ""], a.name, { type: a.type || "text/plain" }),
      }));
    }
    tab = await messenger.compose.beginNew(details);
    port.postMessage({ type: "composed", n: cmd.n, tabId: tab.id, windowId: tab.windowId });
    // The product add-on holds the send while its dialog is open: the test decides the timeout.
    result = await withTimeout(messenger.compose.sendMessage(tab.id, { mode: "sendNow" }),
      cmd.timeoutMs || 90000, "compose.sendMessage");
  } catch (e) {
    error = errStr(e);
  }
  // A cancelled (or failed) send leaves the compose window open: close it.
  if (tab && error) {
    try { await withTimeout(messenger.windows.remove(tab.windowId), 5000, "windows.remove"); }
    catch (e) { closeError = errStr(e); }
  }
  port.postMessage({ type: "result", n: cmd.n, ok: !error, result, error, closeError, ms: Date.now() - t0 });
}

port.onMessage.addListener((cmd) => {
  if (cmd && cmd.type === "send") sendDraft(cmd);
});
port.onDisconnect.addListener((p) => console.error("driver host disconnected", p.error));

(async () => {
  const browserInfo = await browser.runtime.getBrowserInfo();
  const accounts = await messenger.accounts.list(true);
  const identities = accounts.flatMap((a) => (a.identities || []).map((i) => i.email));
  port.postMessage({ type: "ready", browserInfo, identities });
})().catch((e) => port.postMessage({ type: "driver-error", error: errStr(e) }));
