// browser.i18n.getMessage for the task pane: the Thunderbird add-on's _locales/<l>/messages.json
// (WebExtension format) are shared, so both dialogs say the same things.

/**
 * @param {Record<string, {message: string, placeholders?: Record<string, {content: string}>}>} messages
 *        the parsed messages.json of one locale
 * @returns {(key: string, args?: string[]) => string}
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
