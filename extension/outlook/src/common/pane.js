// The task pane's logic: the confirm dialog is the shared dialog model
// (../../../shared/dialog-model.js), fed with the engine's answer; Confirm stores the confirmation
// that the next Send checks, after moving external recipients to Bcc when the user asked for it.

import { buildDialogModel, buildFallbackModel, sendGate } from "../../../shared/dialog-model.js";
import { computeBccMove } from "../../../shared/bcc.js";
import { CONFIRMATION_KEY, makeConfirmation } from "./confirmation.js";
import { readItem, sessionSet, setRecipients } from "./office-item.js";

/**
 * The dialog model of one check.
 * @param {{payload?: object, error?: object}} outcome  see checkDraft (../../../shared/engine-client.js)
 * @param {object} draft  the draft that was checked (the fallback lists its recipients)
 * @param {{failClosed?: boolean, locale?: string}} [options]
 * @returns {import("../../../shared/dialog-model.js").DialogModel}
 *   kind "check" (mode block for verdict block) or "fallback" (mode block when failClosed)
 */
export function paneModel(outcome, draft, options = {}) {
  if (outcome?.payload) return buildDialogModel(outcome.payload);
  return buildFallbackModel(draft, outcome?.error ?? {}, { failClosed: options.failClosed === true, locale: options.locale });
}

/**
 * What the pane shows: "nothing" (verdict send), "block" (nothing can be confirmed) or "confirm".
 * @param {{payload?: object}} outcome
 * @param {object} model  paneModel's result
 * @returns {"nothing"|"block"|"confirm"}
 */
export function paneMode(outcome, model) {
  if (outcome?.payload?.verdict === "send") return "nothing";
  return model.mode === "block" ? "block" : "confirm";
}

/**
 * What Move-to-Bcc would do with the checked draft (the shared bcc.js), when the engine suggests it.
 * @param {{payload?: object}} outcome
 * @param {object} model  paneModel's result
 * @param {{to: string[], cc: string[], bcc: string[]}} draft  the draft that was checked
 * @returns {{to: string[], cc: string[], bcc: string[], count: number, moved: object[]}|null}
 *   null when there is nothing to move
 */
export function paneBccMove(outcome, model, draft) {
  if (!outcome?.payload || !model.bccSuggested || model.mode !== "confirm") return null;
  const move = computeBccMove(draft, outcome.payload);
  return move.moved.length ? { ...move, count: move.moved.length } : null;
}

/**
 * The Confirm button: when the shared Send gate allows it, move the recipients to Bcc (when the
 * user did: model.bccMoved > 0) and store the confirmation of the item as it is then.
 * @param {object} item   Office.MessageCompose
 * @param {object} model  the dialog model as shown (after a Bcc move)
 * @param {object} data   the ItemData the check was made on (its hash is stored)
 * @param {{ticked: Iterable<string>, openedAt: number, now: number}} state  as sendGate
 * @param {{to: string[], cc: string[], bcc: string[]}|null} [bccMove]  paneBccMove's result
 * @returns {Promise<boolean>}  false (nothing stored) when the gate is closed; rejects when the
 *          recipients or sessionData cannot be written
 */
export async function confirmFromPane(item, model, data, state, bccMove = null) {
  if (!sendGate(model, state).enabled) return false;
  let confirmed = data;
  if (bccMove && model.bccMoved > 0) {
    await setRecipients(item, bccMove);
    confirmed = await readItem(item, { heads: false });
  }
  await sessionSet(item, CONFIRMATION_KEY, makeConfirmation(confirmed, { kind: model.kind, now: state.now }));
  return true;
}
