// Finding and operating SendCheck's dialog (an extension popup window) through Marionette in
// chrome context. Thunderbird has no <tabbrowser>: content-context window handles are empty, and
// the popup's page lives in a remote <browser id="requestFrame"> that SwitchToFrame cannot enter.
// So: chrome window handles to find the popup, Marionette's own per-page actor to read the page,
// and pointer actions on the popup's chrome window to click (forwarded into the page like real
// input). See ../../../../shared/thunderbird-e2e/dialog-click/README.md.

export const DIALOG_URL_RE = /^moz-extension:\/\/[^/]+\/dialog\/dialog\.html/;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(fn, ms, what, every = 150) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timeout after ${ms} ms: ${what}`);
    await sleep(every);
  }
}

export class DialogDriver {
  constructor(m) { this.m = m; }

  // Every chrome window, with the page URL inside extension popups. Leaves the last one selected.
  async windows() {
    const out = [];
    for (const handle of await this.m.cmd("WebDriver:GetWindowHandles")) {
      try {
        await this.m.cmd("WebDriver:SwitchToWindow", { handle, focus: false });
        const chromeUrl = (await this.m.cmd("WebDriver:GetCurrentURL")).value;
        const pageUrl = chromeUrl.endsWith("/extensionPopup.xhtml")
          ? await this.m.chrome(`return document.getElementById("requestFrame")?.currentURI?.spec ?? null;`) : null;
        out.push({ handle, chromeUrl, pageUrl });
      } catch { /* closed meanwhile */ }
    }
    return out;
  }

  async dialogs() { return (await this.windows()).filter((w) => DIALOG_URL_RE.test(w.pageUrl || "")); }

  async isOpen(handle) { return (await this.m.cmd("WebDriver:GetWindowHandles")).includes(handle); }

  // Runs `script` inside the dialog page (the selected popup window).
  inDialog(script, ...args) {
    return this.m.chrome(`
      const bc = document.getElementById("requestFrame").browsingContext;
      return bc.currentWindowGlobal.getActor("MarionetteCommands").executeScript(arguments[0], arguments[1], {});`,
    script, args);
  }

  // Waits for a dialog window not in `seen`, selects it and waits until it has rendered.
  async waitForDialog(ms, seen = new Set()) {
    const d = await waitFor(async () => (await this.dialogs()).find((w) => !seen.has(w.handle)), ms, "SendCheck dialog window");
    await this.select(d.handle);
    await waitFor(() => this.inDialog(`return document.body?.dataset.state ?? null;`)
      .then((s) => s && s !== "loading", () => false), 15000, "dialog rendered (body[data-state] != loading)");
    return d;
  }

  select(handle) { return this.m.cmd("WebDriver:SwitchToWindow", { handle, focus: true }); }

  // What the dialog shows (see extension/thunderbird/dialog/dialog.html for the ids).
  state() {
    return this.inDialog(`
      const b = document.body, q = (s) => document.querySelector(s);
      const visible = (e) => !!e && !e.hidden;
      return {
        state: b.dataset.state, mode: b.dataset.mode, kind: b.dataset.kind || "", lang: document.documentElement.lang,
        required: [...document.querySelectorAll('input[type=checkbox][data-required="true"]')].map((c) => ({ id: c.id, checked: c.checked })),
        checkboxes: document.querySelectorAll("input[type=checkbox]").length,
        sendVisible: visible(q("#send")), sendDisabled: !!q("#send")?.disabled,
        cancelVisible: visible(q("#cancel")), closeVisible: visible(q("#close")),
        fallbackReason: visible(q("#fallback-reason")) ? q("#fallback-reason").textContent : "",
        recipients: [...document.querySelectorAll("li.recipient")].map((r) => r.dataset.address),
        flags: [...document.querySelectorAll("li.recipient .flag")].map((f) => f.dataset.code),
        heading: q("#heading")?.textContent ?? "", intro: q("#intro")?.textContent ?? "",
        scrollHeight: document.documentElement.scrollHeight,
      };`);
  }

  // A real click on `selector` in the selected dialog: pointer actions on its chrome window.
  async click(selector, { closesDialog = false } = {}) {
    try {
      const [x, y] = await this.m.chrome(`
        const browser = document.getElementById("requestFrame"), b = browser.getBoundingClientRect();
        const r = await browser.browsingContext.currentWindowGlobal.getActor("MarionetteCommands").executeScript(
          "const e = document.querySelector(arguments[0]); if (!e) throw new Error('no element ' + arguments[0]);" +
          "e.scrollIntoView({ block: 'center' }); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];",
          [arguments[0]], {});
        return [Math.round(b.x + r[0]), Math.round(b.y + r[1])];`, selector);
      await this.m.cmd("WebDriver:PerformActions", { actions: [{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" },
        actions: [{ type: "pointerMove", x, y, origin: "viewport" }, { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 }] }] });
    } catch (e) {
      // A click that makes the add-on close the window can race the command's reply.
      if (!(closesDialog && /Document was unloaded|no such window|discarded|closed/i.test(e.message))) throw e;
    }
  }

  // Ticks every required checkbox with real clicks; returns the state afterwards.
  async tickAll() {
    const s = await this.state();
    for (const box of s.required) if (!box.checked) await this.click(`[id="${box.id}"]`);
    return this.state();
  }

  // Closes every open dialog (Cancel, or Close for a block dialog).
  async closeAll() {
    for (const d of await this.dialogs().catch(() => [])) {
      await this.select(d.handle).catch(() => {});
      const s = await this.state().catch(() => null);
      await this.click(s && s.closeVisible ? "#close" : "#cancel", { closesDialog: true }).catch(() => {});
    }
  }
}
