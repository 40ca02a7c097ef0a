// The confirmation the task pane stores on the item (sessionData) once every box is ticked, and
// the check of the next Send: it passes only while recipients and attachments are unchanged.

import { sha256Hex } from "./sha256.js";

/** sessionData key of the stored confirmation (JSON). */
export const CONFIRMATION_KEY = "sendcheck.confirmation";
/** sessionData key of the original participants of a reply (JSON array). */
export const PARTICIPANTS_KEY = "sendcheck.participants";

function addressesOf(list) {
  return (list ?? []).map((r) => String(r?.emailAddress ?? "").trim().toLowerCase()).sort();
}

/**
 * The hash of what was confirmed: the recipients of each field (To, Cc, Bcc; lower-cased
 * addresses, order ignored; moving one to Bcc is a change) and the attachments (name and size).
 * Subject and body are not part of it.
 * @param {{to?: object[], cc?: object[], bcc?: object[], attachments?: Array<{name: string, size: number}>}} data
 *        ItemData (see draft.js)
 * @returns {string}  "sha256:" + 64 hex digits
 */
export function confirmationHash(data) {
  const canonical = {
    to: addressesOf(data?.to),
    cc: addressesOf(data?.cc),
    bcc: addressesOf(data?.bcc),
    attachments: (data?.attachments ?? []).map((a) => [String(a?.name ?? ""), Number(a?.size) || 0])
      .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1])),
  };
  return `sha256:${sha256Hex(JSON.stringify(canonical))}`;
}

/**
 * The value to store when the user has ticked everything.
 * @param {object} data  ItemData
 * @param {{kind?: "check"|"fallback", now?: number}} [options]  now in ms
 * @returns {string}  JSON { v: 1, hash, kind, at }
 */
export function makeConfirmation(data, options = {}) {
  return JSON.stringify({ v: 1, hash: confirmationHash(data), kind: options.kind ?? "check", at: options.now ?? Date.now() });
}

/**
 * Whether a stored confirmation covers the item as it is now.
 * @param {string|null|undefined} stored  the sessionData value (JSON), or nothing
 * @param {object} data  ItemData now
 * @returns {"none"|"valid"|"changed"}  none: nothing (or garbage) stored; changed: stored for other recipients/attachments
 */
export function confirmationState(stored, data) {
  if (!stored) return "none";
  let parsed;
  try { parsed = typeof stored === "string" ? JSON.parse(stored) : stored; } catch { return "none"; }
  if (parsed?.v !== 1 || typeof parsed.hash !== "string") return "none";
  return parsed.hash === confirmationHash(data) ? "valid" : "changed";
}
