// The task pane's logic: the confirm dialog is the Thunderbird add-on's dialog model (one shared
// module, ../../../thunderbird/common/dialog-model.js), fed with the bridge's answer.

import { buildDialogModel, buildFallbackModel, sendGate } from "../../../thunderbird/common/dialog-model.js";
import { CONFIRMATION_KEY, makeConfirmation } from "./confirmation.js";
import { sessionSet } from "./office-item.js";

/**
 * The dialog model of one check.
 * @param {{payload?: object, error?: object}} outcome  see send-flow.js checkDraft
 * @param {object} draft  the draft that was checked (the fallback lists its recipients)
 * @param {{failClosed?: boolean, locale?: string}} [options]
 * @returns {import("../../../thunderbird/common/dialog-model.js").DialogModel}
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
 * The Confirm button: store the confirmation on the item when the shared Send gate allows it.
 * @param {object} item   Office.MessageCompose
 * @param {object} model  the dialog model
 * @param {object} data   the ItemData the check was made on (its hash is stored)
 * @param {{ticked: Iterable<string>, openedAt: number, now: number}} state  as sendGate
 * @returns {Promise<boolean>}  false (nothing stored) when the gate is closed; rejects when sessionData fails
 */
export async function confirmFromPane(item, model, data, state) {
  if (!sendGate(model, state).enabled) return false;
  await sessionSet(item, CONFIRMATION_KEY, makeConfirmation(data, { kind: model.kind, now: state.now }));
  return true;
}
