// The task pane: the full confirm dialog (the shared renderer and dialog model, the shared
// _locales), opened by the Smart Alerts button (commandId) or from the ribbon. When every box is
// ticked (and the countdown has run), Confirm moves recipients to Bcc if the user asked for it and
// stores the confirmation on the item; the next Send passes.

import { CHECK_TIMEOUT_MS, checkDraft, createEngineClient, httpTransport } from "../../shared/engine-client.js";
import { buildDialogPage, localizeStatic, showDialog } from "../../shared/dialog-view.js";
import { resolveFailClosed } from "../../shared/fail-closed.js";
import { detectLocale } from "../../shared/i18n.js";
import { loadGetMessage } from "./common/messages.js";
import { confirmFromPane, paneBccMove, paneMode, paneModel } from "./common/pane.js";
import { collectDraft } from "./common/send-flow.js";

const $ = (id) => document.getElementById(id);

async function main() {
  const locale = detectLocale(Office.context.displayLanguage);
  document.documentElement.lang = locale;
  const msg = await loadGetMessage(locale);
  buildDialogPage(document, { buttons: [{ id: "confirm", labelKey: "buttonConfirm", primary: true }] });
  localizeStatic(document, msg);

  const item = Office.context.mailbox?.item;
  if (!item?.to?.getAsync) {
    $("heading").textContent = msg("paneNotCompose");
    $("confirm").hidden = true;
    document.body.dataset.state = "not-compose";
    return;
  }
  const { data, draft } = await collectDraft(item, locale);
  const engine = createEngineClient(httpTransport(), { timeoutMs: CHECK_TIMEOUT_MS });
  const outcome = await checkDraft(engine, { draft, locale });
  let known = false;
  try { known = Office.context.roamingSettings?.get("sendcheck.failClosed") === true; } catch { /* unknown */ }
  const model = paneModel(outcome, draft, { failClosed: resolveFailClosed(known), locale });
  const mode = paneMode(outcome, model);
  const bccMove = paneBccMove(outcome, model, draft);
  const view = showDialog(document, {
    model,
    getMessage: msg,
    subject: data.subject,
    bccMove,
    primary: { id: "confirm", labelKey: "buttonConfirm", countdownKey: "buttonConfirmCountdown" },
    onDecide: async () => {
      try {
        await confirmFromPane(item, view.model(), data, view.state(), bccMove);
        document.body.dataset.state = "confirmed";
        $("gate-status").textContent = msg("paneConfirmed");
      } catch (e) {
        view.resume();
        $("gate-status").textContent = msg("paneConfirmFailed", [String(e?.message ?? e)]);
      }
    },
  });
  document.body.dataset.mode = mode;
  if (mode === "nothing") $("intro").textContent = msg("paneNothingToConfirm");
  if (mode !== "confirm") $("confirm").hidden = true;
}

Office.onReady(() => main().catch((e) => {
  console.error("SendCheck task pane:", e);
  document.body.dataset.state = "error";
  if ($("gate-status")) $("gate-status").textContent = String(e?.message ?? e);
  else document.body.textContent = String(e?.message ?? e);
}));
