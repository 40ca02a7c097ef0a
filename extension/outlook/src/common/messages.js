// The shared _locales messages for the Outlook pages. In the module runtime (task pane, the
// launch-event page of Outlook on the web and new Outlook) they are fetched beside the hosted
// shared/ folder; build.mjs replaces this module in the classic-script bundle of launch events
// (classic Outlook on Windows) with one that holds the messages themselves.

import { createGetMessage } from "../../../shared/i18n.js";

/**
 * The getMessage of one locale.
 * @param {"ja"|"en"} locale  detectLocale(Office.context.displayLanguage)
 * @returns {Promise<(key: string, args?: Array<string|number>) => string>}  rejects when the
 *          messages cannot be loaded
 */
export async function loadGetMessage(locale) {
  const response = await fetch(new URL(`../../../shared/_locales/${locale}/messages.json`, import.meta.url));
  return createGetMessage(await response.json());
}
