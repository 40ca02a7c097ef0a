// failClosed: whether an add-in blocks sending when the engine cannot check a message (a team
// policy). Both add-ins learn it from the engine's `hello` and keep it, because when the engine
// is down nothing else can say; Thunderbird's managed storage (policies.json) wins over it.

/**
 * The settings map of an engine reply: `hello` nests it (`{locked, settings: {key: entry}}`),
 * `settings.get` / `settings.set` answer the map itself (`{key: {value, layer, locked}}`).
 * @param {object|null|undefined} reply
 * @returns {Object<string, {value: any, layer?: string, locked?: boolean}>}
 */
export function settingsMapOf(reply) {
  if (!reply || typeof reply !== "object") return {};
  const nested = reply.settings;
  if (nested && typeof nested === "object" && !Array.isArray(nested) && !("value" in nested)) return nested;
  return reply;
}

/**
 * failClosed as the engine reports it (`settings.failClosed.value` of hello, or of a settings map).
 * @param {any} reply  a hello result or a settings map
 * @returns {boolean|null}  null when the reply does not say
 */
export function failClosedOf(reply) {
  const v = settingsMapOf(reply).failClosed?.value;
  return typeof v === "boolean" ? v : null;
}

/**
 * Whether the add-in blocks sending when the engine cannot check a message.
 * An administrator's managed value (Thunderbird policies.json, 3rdparty.Extensions) wins; else the
 * engine's setting `failClosed` (kept from the last successful hello); else false (fail open, the
 * protocol's default).
 * @param {Object<string, {value: any}>|boolean|null|undefined} known  hello's `settings` (or the
 *        whole hello), or the boolean an add-in kept
 * @param {any} [managedValue]  managed `failClosed`, undefined when not set
 * @returns {boolean}
 */
export function resolveFailClosed(known, managedValue) {
  if (typeof managedValue === "boolean") return managedValue;
  if (typeof known === "boolean") return known;
  const entry = settingsMapOf(known).failClosed;
  if (entry && typeof entry === "object") return entry.value === true;
  return entry === true;
}
