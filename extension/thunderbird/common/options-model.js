// The options page's settings form, from the host's settings explanation (`hello` or
// `settings.get`: `{locked: [key…], settings: {key: {value, layer, locked}}}`), and the parsing of
// what the user typed back into `settings.set` values. Units are in each field's contract.

import { settingsMapOf } from "../../shared/fail-closed.js";

/**
 * The settings the options page edits, in page order.
 * - type "list": array of strings, edited one per line
 * - type "int": integer in [min, max]; with `scale` the user types units of `scale` (MB = 1 048 576
 *   bytes for largeAttachmentBytes) and may use decimals
 * - type "bool": checkbox
 * `optional` fields are shown only when the host reports them (failClosed is not an engine
 * setting; a host or team policy may provide it).
 */
export const SETTING_FIELDS = [
  { key: "internalDomains", type: "list", labelKey: "settingInternalDomains", helpKey: "settingInternalDomainsHelp" },
  { key: "trustedDomains", type: "list", labelKey: "settingTrustedDomains", helpKey: "settingTrustedDomainsHelp" },
  { key: "manyRecipientsThreshold", type: "int", min: 1, max: 100000, labelKey: "settingManyRecipientsThreshold" },
  { key: "bccDomainThreshold", type: "int", min: 1, max: 100000, labelKey: "settingBccDomainThreshold" },
  { key: "largeAttachmentBytes", type: "int", min: 1, max: 2 ** 40, scale: 1048576, labelKey: "settingLargeAttachmentMB" },
  { key: "countdownSeconds", type: "int", min: 0, max: 600, labelKey: "settingCountdownSeconds" },
  { key: "skipDialogWhenAllInternalKnown", type: "bool", labelKey: "settingSkipDialog" },
  { key: "failClosed", type: "bool", labelKey: "settingFailClosed", optional: true },
];

/**
 * How a stored value is shown in its input.
 * @param {object} field  one of SETTING_FIELDS
 * @param {any} value     the setting's value (array, integer, boolean)
 * @returns {string|boolean}  list: entries joined by "\n"; int: decimal text (scaled fields: in
 *          units of scale, up to 3 decimals, no trailing zeros); bool: boolean
 */
export function displayValue(field, value) {
  if (field.type === "list") return Array.isArray(value) ? value.join("\n") : "";
  if (field.type === "bool") return value === true;
  if (!Number.isFinite(value)) return "";
  if (field.scale) return String(Number((value / field.scale).toFixed(3)));
  return String(value);
}

/**
 * @typedef {object} OptionsField
 * @property {string} key
 * @property {"list"|"int"|"bool"} type
 * @property {string} labelKey
 * @property {string} [helpKey]
 * @property {number} [min]
 * @property {number} [max]
 * @property {number} [scale]
 * @property {any} value              the setting's value as stored
 * @property {string|boolean} input   displayValue(field, value)
 * @property {boolean} locked         the team policy locks it: shown disabled with a note
 * @property {string} layer           "default" | "policy" | "user" | "policy+user" | ""
 */

/**
 * The form of the options page.
 * @param {object} explain  result of `hello` ({locked, settings: {key: entry}}) or of
 *        `settings.get`/`settings.set` ({key: {value, layer, locked}})
 * @returns {{fields: OptionsField[], locked: string[]}}  fields in SETTING_FIELDS order; a field the
 *          host does not report is left out; locked = keys the policy locks (the reply's `locked`
 *          list, else the entries with locked: true)
 */
export function buildOptionsModel(explain) {
  const settings = settingsMapOf(explain);
  const locked = Array.isArray(explain?.locked)
    ? explain.locked.map(String)
    : Object.keys(settings).filter((key) => settings[key]?.locked === true);
  const fields = [];
  for (const def of SETTING_FIELDS) {
    const entry = settings[def.key];
    if (!entry || typeof entry !== "object" || !("value" in entry)) continue;
    fields.push({
      ...def,
      value: entry.value,
      input: displayValue(def, entry.value),
      locked: entry.locked === true || locked.includes(def.key),
      layer: String(entry.layer ?? ""),
    });
  }
  return { fields, locked };
}

/**
 * What the user typed, as the value for `settings.set`.
 * @param {object} field  one of SETTING_FIELDS
 * @param {string|boolean} input  textarea/input text, or the checkbox state
 * @returns {{ok: true, value: any} | {ok: false, errorKey: string, errorArgs: string[]}}
 *   list: entries split on new lines, commas, semicolons and spaces, trimmed, duplicates dropped;
 *   int: whole number in [min, max] (errorKey "invalidNumber", args [min, max]);
 *   scaled int: a positive decimal number of units, rounded to whole bytes (errorKey "invalidSize");
 *   bool: the checkbox state
 */
export function parseFieldInput(field, input) {
  if (field.type === "bool") return { ok: true, value: input === true };
  if (field.type === "list") {
    const seen = new Set();
    const value = [];
    for (const piece of String(input ?? "").split(/[\s,;、，；]+/)) {
      const entry = piece.trim();
      if (entry && !seen.has(entry)) {
        seen.add(entry);
        value.push(entry);
      }
    }
    return { ok: true, value };
  }
  const text = String(input ?? "").trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (field.scale) {
    const bytes = /^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * field.scale) : NaN;
    if (!(bytes >= field.min && bytes <= field.max)) {
      return { ok: false, errorKey: "invalidSize", errorArgs: [] };
    }
    return { ok: true, value: bytes };
  }
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= field.min && n <= field.max)) {
    return { ok: false, errorKey: "invalidNumber", errorArgs: [String(field.min), String(field.max)] };
  }
  return { ok: true, value: n };
}
