// From the engine's answer (or its absence) to the options of Smart Alerts'
// event.completed({ allowEvent, errorMessage, commandId, sendModeOverride }).

import { clip, text } from "./texts.js";

/** id of the task-pane button in manifest.xml (commandId of the Smart Alerts dialog). */
export const TASKPANE_COMMAND_ID = "sendcheckReviewButton";
/** Office.MailboxEnums.SendModeOverride.PromptUser: the Smart Alerts dialog offers "Send anyway". */
export const PROMPT_USER = "promptUser";


/**
 * The short summary of a `confirm` payload for errorMessage.
 * @param {object} payload  the confirmation payload
 * @param {"ja"|"en"} locale
 * @returns {string}  e.g. "SendCheck: please review before sending. 2 recipient(s) to confirm (partner.example, gmail.com). …"
 */
export function confirmSummary(payload, locale) {
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
    parts.push(text(locale, "confirmRecipients", recipients, shown || "—"));
  }
  const attachments = (payload?.attachments ?? []).filter((a) => a?.mustConfirm === true).length;
  if (attachments > 0) parts.push(text(locale, "confirmAttachments", attachments));
  const warnings = (payload?.warnings ?? []).length;
  if (warnings > 0) parts.push(text(locale, "confirmWarnings", warnings));
  parts.push(text(locale, "confirmAction"));
  return text(locale, "confirmSummary", parts.join(" "));
}

/**
 * The reasons of a `block` payload: the messages of `blocked` flags and of danger warnings.
 * @param {object} payload
 * @param {"ja"|"en"} locale
 * @returns {string}
 */
export function blockSummary(payload, locale) {
  const reasons = [];
  const add = (m) => { if (typeof m === "string" && m && !reasons.includes(m)) reasons.push(m); };
  for (const g of payload?.groups ?? []) {
    for (const r of g?.recipients ?? []) {
      for (const f of r?.flags ?? []) if (f?.code === "blocked") add(`${r.addressUnicode || r.address}: ${f.message}`);
    }
  }
  for (const w of payload?.warnings ?? []) if (w?.severity === "danger" || w?.code === "policy-block") add(w.message);
  return text(locale, "blockSummary", reasons.length ? reasons.join(" / ") : text(locale, "blockDefault"));
}

/**
 * Why the bridge did not answer, in words.
 * @param {{kind?: string, code?: string, timeoutMs?: number}} error  a BridgeError
 * @param {"ja"|"en"} locale
 * @returns {string}
 */
export function bridgeReason(error, locale) {
  switch (error?.kind) {
    case "timeout": return text(locale, "reasonTimeout", Math.round((error.timeoutMs ?? 0) / 1000));
    case "error": return text(locale, "reasonError", error.code || "?");
    case "bad-reply": return text(locale, "reasonBadReply");
    default: return text(locale, "reasonUnreachable");
  }
}

/**
 * The options of event.completed for one Send.
 *
 * @param {object} outcome
 * @param {object} [outcome.payload]        the `check` result, when the bridge answered
 * @param {object} [outcome.error]          a BridgeError, when it did not
 * @param {"none"|"valid"|"changed"} [outcome.confirmation]  stored confirmation vs the item now
 * @param {boolean} [outcome.failClosed]    team policy: no send without the engine
 * @param {"ja"|"en"} locale
 * @returns {{allowEvent: boolean, errorMessage?: string, commandId?: string, sendModeOverride?: string}}
 *   send → allow; block → refuse with the reasons (no task pane: nothing to confirm);
 *   confirm → allow when the confirmation is valid, else refuse with the summary and the task-pane button;
 *   no engine, failClosed → refuse, no "Send anyway";
 *   no engine, fail open → allow when confirmed in the fallback dialog, else refuse with
 *   "Send anyway" (sendModeOverride promptUser) and the task-pane button (fallback dialog)
 */
export function completionOptions(outcome, locale) {
  const confirmed = outcome?.confirmation === "valid";
  const changed = outcome?.confirmation === "changed" ? `${text(locale, "changedSinceConfirm")} ` : "";
  if (outcome?.payload) {
    const verdict = outcome.payload.verdict;
    if (verdict === "send") return { allowEvent: true };
    if (verdict === "block") return { allowEvent: false, errorMessage: clip(blockSummary(outcome.payload, locale)) };
    if (confirmed) return { allowEvent: true };
    return {
      allowEvent: false,
      errorMessage: clip(changed + confirmSummary(outcome.payload, locale)),
      commandId: TASKPANE_COMMAND_ID,
    };
  }
  const reason = bridgeReason(outcome?.error, locale);
  if (outcome?.failClosed === true) {
    return { allowEvent: false, errorMessage: clip(text(locale, "bridgeDownClosed", reason)) };
  }
  if (confirmed) return { allowEvent: true };
  return {
    allowEvent: false,
    errorMessage: clip(changed + text(locale, "bridgeDownOpen", reason)),
    commandId: TASKPANE_COMMAND_ID,
    sendModeOverride: PROMPT_USER,
  };
}
