// From the engine's answer (or its absence) to the options of Smart Alerts'
// event.completed({ allowEvent, errorMessage, commandId, sendModeOverride }). The decision itself
// is the shared one (../../../shared/send-decision.js); this module words it for Smart Alerts.

import { sendDecision } from "../../../shared/send-decision.js";

/** id of the task-pane button in manifest.xml (commandId of the Smart Alerts dialog). */
export const TASKPANE_COMMAND_ID = "sendcheckReviewButton";
/** Office.MailboxEnums.SendModeOverride.PromptUser: the Smart Alerts dialog offers "Send anyway". */
export const PROMPT_USER = "promptUser";

/**
 * @callback GetMessage  browser.i18n.getMessage over the shared _locales (../../../shared/i18n.js)
 * @param {string} key
 * @param {Array<string|number>} [args]
 * @returns {string}
 */

/**
 * Cut a text to at most `max` characters (code points), ending with "…" when cut.
 * @param {string} s
 * @param {number} [max=500]  Smart Alerts' errorMessage limit
 * @returns {string}
 */
export function clip(s, max = 500) {
  const chars = [...String(s)];
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + "…";
}

/**
 * The short summary of a `confirm` payload for errorMessage.
 * @param {object} payload  the confirmation payload
 * @param {GetMessage} getMessage
 * @returns {string}  e.g. "SendCheck: please review before sending. 2 recipient(s) to confirm (partner.example, gmail.com). …"
 */
export function confirmSummary(payload, getMessage) {
  const parts = [];
  let recipients = 0;
  const domains = [];
  for (const g of payload?.groups ?? []) {
    const n = (g?.recipients ?? []).filter((r) => r?.mustConfirm === true).length + (Number(g?.omittedCount) || 0);
    recipients += n;
    const d = g?.domainUnicode || g?.domain;
    if (n > 0 && d && !domains.includes(d)) domains.push(d);
  }
  if (recipients > 0) {
    const shown = domains.slice(0, 3).join(", ") + (domains.length > 3 ? ", …" : "");
    parts.push(getMessage("alertConfirmRecipients", [String(recipients), shown || "—"]));
  }
  const attachments = (payload?.attachments ?? []).filter((a) => a?.mustConfirm === true).length;
  if (attachments > 0) parts.push(getMessage("alertConfirmAttachments", [String(attachments)]));
  const warnings = (payload?.warnings ?? []).length;
  if (warnings > 0) parts.push(getMessage("alertConfirmWarnings", [String(warnings)]));
  parts.push(getMessage("alertConfirmAction"));
  return getMessage("alertConfirmSummary", [parts.join(" ")]);
}

/**
 * The reasons of a `block` payload: the messages of `blocked` flags and of danger warnings.
 * @param {object} payload
 * @param {GetMessage} getMessage
 * @returns {string}
 */
export function blockSummary(payload, getMessage) {
  const reasons = [];
  const add = (m) => { if (typeof m === "string" && m && !reasons.includes(m)) reasons.push(m); };
  for (const g of payload?.groups ?? []) {
    for (const r of g?.recipients ?? []) {
      for (const f of r?.flags ?? []) if (f?.code === "blocked") add(`${r.addressUnicode || r.address}: ${f.message}`);
    }
  }
  for (const w of payload?.warnings ?? []) if (w?.severity === "danger" || w?.code === "policy-block") add(w.message);
  return getMessage("alertBlockSummary", [reasons.length ? reasons.join(" / ") : getMessage("alertBlockDefault")]);
}

/**
 * Why the engine did not answer, in words.
 * @param {{kind?: string, code?: string, timeoutMs?: number}} error  an EngineError (../../../shared/engine-client.js)
 * @param {GetMessage} getMessage
 * @returns {string}
 */
export function engineReason(error, getMessage) {
  switch (error?.kind) {
    case "timeout": return getMessage("alertReasonTimeout", [String(Math.round((error.timeoutMs ?? 0) / 1000))]);
    case "error": return getMessage("alertReasonError", [error.code || "?"]);
    case "bad-reply": return getMessage("alertReasonBadReply");
    default: return getMessage("alertReasonUnreachable");
  }
}

/**
 * The options of event.completed for one Send.
 *
 * @param {object} outcome
 *   { payload?, error?, confirmation?: "none"|"valid"|"changed", failClosed?: boolean }
 * @param {GetMessage} getMessage
 * @returns {{allowEvent: boolean, errorMessage?: string, commandId?: string, sendModeOverride?: string}}
 *   send → allow; block → refuse with the reasons (no task pane: nothing to confirm);
 *   confirm → allow when the confirmation is valid, else refuse with the summary and the task-pane button;
 *   no engine, failClosed → refuse, no "Send anyway";
 *   no engine, fail open → allow when confirmed in the fallback dialog, else refuse with
 *   "Send anyway" (sendModeOverride promptUser) and the task-pane button (fallback dialog)
 */
export function completionOptions(outcome, getMessage) {
  const decision = sendDecision(outcome, outcome?.failClosed === true);
  const confirmed = outcome?.confirmation === "valid";
  const changed = outcome?.confirmation === "changed" ? `${getMessage("alertChangedSinceConfirm")} ` : "";
  if (decision.action === "send") return { allowEvent: true };
  if (decision.dialog === "check") {
    if (decision.action === "block") return { allowEvent: false, errorMessage: clip(blockSummary(outcome.payload, getMessage)) };
    if (confirmed) return { allowEvent: true };
    return { allowEvent: false, errorMessage: clip(changed + confirmSummary(outcome.payload, getMessage)), commandId: TASKPANE_COMMAND_ID };
  }
  const reason = engineReason(outcome?.error, getMessage);
  if (decision.action === "block") return { allowEvent: false, errorMessage: clip(getMessage("alertEngineDownClosed", [reason])) };
  if (confirmed) return { allowEvent: true };
  return {
    allowEvent: false,
    errorMessage: clip(changed + getMessage("alertEngineDownOpen", [reason])),
    commandId: TASKPANE_COMMAND_ID,
    sendModeOverride: PROMPT_USER,
  };
}
