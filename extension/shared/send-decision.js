// The send decision, one pure function for both add-ins: from the engine's answer to a `check`
// (or its absence) and the failClosed policy to what happens with the Send.

/**
 * @typedef {object} SendDecision
 * @property {"send"|"dialog"|"block"} action
 *   send: let it go now; dialog: hold it until the user ticked every box of the dialog;
 *   block: refuse, the dialog (nothing to tick) says why
 * @property {"check"|"fallback"|null} dialog  which dialog model: the engine's payload
 *   (buildDialogModel) or the draft alone (buildFallbackModel); null for send
 */

/**
 * @param {{payload?: object, error?: object}} outcome  what checkDraft (engine-client.js) returned
 * @param {boolean} [failClosed]  resolveFailClosed(…) (fail-closed.js)
 * @returns {SendDecision}
 *   verdict send → send; block → block (check); confirm → dialog (check);
 *   no payload → dialog (fallback), or block (fallback) when failClosed
 */
export function sendDecision(outcome, failClosed = false) {
  const verdict = outcome?.payload?.verdict;
  if (verdict === "send") return { action: "send", dialog: null };
  if (verdict === "block") return { action: "block", dialog: "check" };
  if (verdict === "confirm") return { action: "dialog", dialog: "check" };
  return { action: failClosed === true ? "block" : "dialog", dialog: "fallback" };
}
