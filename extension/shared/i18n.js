// The language of the add-ins and the reading of the one i18n source, the WebExtension messages
// in shared/_locales/<locale>/messages.json. Thunderbird reads them with browser.i18n (the .xpi
// carries them at its root); Outlook with createGetMessage over the same files.

/**
 * The language of the engine's messages and of the dialog.
 * @param {string} uiLanguage  browser.i18n.getUILanguage() or Office.context.displayLanguage,
 *        e.g. "ja", "ja-JP", "en-US", "de"
 * @returns {"ja"|"en"}  "ja" for any Japanese UI, else "en"
 */
export function detectLocale(uiLanguage) {
  return /^ja\b/i.test(String(uiLanguage ?? "")) ? "ja" : "en";
}

/**
 * browser.i18n.getMessage over one locale's messages.
 * @param {Record<string, {message: string, placeholders?: Record<string, {content: string}>}>} messages
 *        the parsed messages.json of one locale
 * @returns {(key: string, args?: string|Array<string|number>) => string}
 *        like browser.i18n.getMessage: $NAME$ → its placeholder content, $1…$9 → args, $$ → $;
 *        "" for an unknown key
 */
export function createGetMessage(messages) {
  return (key, args = []) => {
    const entry = messages?.[key];
    if (!entry || typeof entry.message !== "string") return "";
    const list = Array.isArray(args) ? args : [args];
    const subst = (s) => s.replace(/\$(\$|[1-9])/g, (whole, d) => (d === "$" ? "$" : String(list[Number(d) - 1] ?? "")));
    const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name) => {
      const ph = entry.placeholders?.[name.toLowerCase()];
      return ph ? ph.content : whole;
    });
    return subst(withPlaceholders);
  };
}
