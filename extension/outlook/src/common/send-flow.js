// What the add-in does on OnNewMessageCompose and OnMessageSend, with every Office and network
// dependency handed in (launchevent.js passes the real ones, tests pass doubles).

import { buildOutlookDraft, replyParticipants } from "./draft.js";
import { CONFIRMATION_KEY, PARTICIPANTS_KEY, confirmationState } from "./confirmation.js";
import { composeType, readItem, sessionGet, sessionSet } from "./office-item.js";
import { completionOptions } from "./verdict.js";
import { checkDraft } from "../../../shared/engine-client.js";

/**
 * OnNewMessageCompose: keep the original participants of a reply in sessionData.
 * @param {object} item  Office.MessageCompose
 * @returns {Promise<string[]|null>}  what was stored (null: not a reply)
 */
export async function rememberParticipants(item) {
  const type = await composeType(item);
  if (type !== "reply" && type !== "replyAll") return null;
  const data = await readItem(item, { heads: false });
  const participants = replyParticipants(type, data.to, data.cc);
  await sessionSet(item, PARTICIPANTS_KEY, JSON.stringify(participants)).catch(() => {});
  return participants;
}

/**
 * The item's data and draft, with the participants OnNewMessageCompose stored.
 * @param {object} item
 * @param {"ja"|"en"} locale
 * @returns {Promise<{data: import("./draft.js").ItemData, draft: object}>}
 */
export async function collectDraft(item, locale) {
  const data = await readItem(item);
  try {
    const stored = JSON.parse((await sessionGet(item, PARTICIPANTS_KEY)) ?? "null");
    if (Array.isArray(stored) && stored.length) data.participants = stored.map(String);
  } catch { /* garbage in sessionData: no participants */ }
  return { data, draft: buildOutlookDraft(data, { locale }) };
}

/**
 * OnMessageSend: collect the draft, ask the engine, compare with a stored confirmation, and
 * return the options for event.completed. A send that is let through is recorded (`record-sent`,
 * best effort) so the history learns the recipients.
 *
 * @param {object} item  Office.MessageCompose
 * @param {{engine: {request: Function}, locale: "ja"|"en", getMessage: Function, failClosed?: boolean}} deps
 *        engine: createEngineClient(httpTransport()) (../../../shared/engine-client.js);
 *        getMessage: the shared _locales of `locale` (messages.js)
 * @returns {Promise<{allowEvent: boolean, errorMessage?: string, commandId?: string, sendModeOverride?: string}>}
 */
export async function decideSend(item, deps) {
  const { data, draft } = await collectDraft(item, deps.locale);
  const outcome = await checkDraft(deps.engine, { draft, locale: deps.locale });
  outcome.confirmation = confirmationState(await sessionGet(item, CONFIRMATION_KEY), data);
  outcome.failClosed = deps.failClosed === true;
  const options = completionOptions(outcome, deps.getMessage);
  if (options.allowEvent && outcome.payload) {
    const { attachments, ...headers } = draft;
    await deps.engine.request("record-sent", { draft: { ...headers, attachments: attachments.map(({ head, ...a }) => a) } }).catch(() => {});
  }
  return options;
}
