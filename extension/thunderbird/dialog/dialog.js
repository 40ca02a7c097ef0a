// The confirm-before-send dialog window: shows the model the background prepared with the shared
// renderer (../../shared/dialog-view.js) and answers Send or Cancel (and whether the user moved
// external recipients to Bcc) to the background.

import { buildDialogPage, localizeStatic, showDialog } from "../../shared/dialog-view.js";
import { detectLocale } from "../../shared/i18n.js";

const dialogId = new URLSearchParams(location.search).get("id");
const $ = (id) => document.getElementById(id);
const getMessage = (key, args) => browser.i18n.getMessage(key, args);

async function decide(send, { moveToBcc }) {
  try {
    await browser.runtime.sendMessage({ type: "sendcheck:dialog-decision", id: dialogId, send, moveToBcc });
  } finally {
    // The background closes this window; if it is gone (add-on reloaded), close it here.
    setTimeout(() => window.close(), 3000);
  }
}

async function main() {
  document.documentElement.lang = detectLocale(browser.i18n.getUILanguage());
  buildDialogPage(document, {
    hintKey: "keyboardHint",
    buttons: [
      { id: "cancel", labelKey: "buttonCancel" },
      { id: "send", labelKey: "buttonSend", primary: true },
      { id: "close", labelKey: "buttonClose", hidden: true },
    ],
  });
  localizeStatic(document, getMessage);
  const view = dialogId ? await browser.runtime.sendMessage({ type: "sendcheck:dialog-get", id: dialogId }).catch(() => null) : null;
  if (!view?.model) {
    $("heading").textContent = getMessage("dialogGone");
    document.body.dataset.state = "gone";
    $("send").hidden = true;
    $("cancel").hidden = true;
    $("close").hidden = false;
    $("close").addEventListener("click", () => window.close());
    return;
  }
  showDialog(document, {
    model: view.model,
    getMessage,
    subject: view.subject,
    bccMove: view.bccMove,
    primary: { id: "send", labelKey: "buttonSend", countdownKey: "buttonSendCountdown" },
    cancellable: true,
    onDecide: decide,
  });
}

main().catch((e) => {
  console.error("SendCheck dialog:", e);
  document.body.dataset.state = "error";
});
