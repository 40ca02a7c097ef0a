// "Move external To/Cc recipients to Bcc", offered by the dialog with the warning `bcc-suggested`
// (external recipients of several organisations would see each other's addresses).

import { canonicalAddress, canonicalDomain, domainOf, mailboxesOf, recipientStrings, splitAddressList, parseMailbox } from "./address.js";

/**
 * Group classes whose To/Cc recipients are moved: the ones the engine counts for `bcc-suggested`
 * (external and free-mail; trusted partners, internal, unverifiable and malformed stay).
 */
export const MOVABLE_CLASSES = new Set(["external", "freemail"]);

/**
 * Whether one mailbox is external according to the payload: by its listed recipient (canonical
 * address), else — for recipients a summarised payload only counts — by the group whose
 * registrable domain is the mailbox's domain or a parent of it on a label boundary. When groups of
 * several classes match (an internal subdomain under an external registrable domain), it stays.
 *
 * @param {string} address  as written
 * @param {{groups?: object[]}} payload
 * @returns {boolean}
 */
export function isMovable(address, payload) {
  const canon = canonicalAddress(address);
  const groups = payload?.groups ?? [];
  const listed = [];
  for (const g of groups) {
    for (const r of g.recipients ?? []) {
      if (r.address === canon || (r.addressUnicode && canonicalAddress(r.addressUnicode) === canon)) listed.push(g.class);
    }
  }
  if (listed.length) return listed.every((c) => MOVABLE_CLASSES.has(c));
  const domain = canonicalDomain(domainOf(address));
  if (!domain) return false;
  const matching = groups.filter((g) => g.domain && (domain === g.domain || domain.endsWith(`.${g.domain}`)));
  return matching.length > 0 && matching.every((g) => MOVABLE_CLASSES.has(g.class));
}

/**
 * The recipients after moving every external To/Cc mailbox to Bcc.
 *
 * Entries that hold no external mailbox stay exactly as written and in order; an entry holding
 * several mailboxes is split when only some of them move. Moved mailboxes are appended to Bcc in
 * To-then-Cc order, as written, unless Bcc (or an earlier move) already has the same canonical
 * address.
 *
 * @param {{to?: any, cc?: any, bcc?: any}} details  compose details (ComposeRecipientList values)
 * @param {{groups?: object[]}} payload  the engine's confirmation payload
 * @returns {{to: string[], cc: string[], bcc: string[],
 *            moved: Array<{field: "to"|"cc", text: string, address: string}>}}
 *          address = canonical address of each moved mailbox
 */
export function computeBccMove(details, payload) {
  const result = { to: [], cc: [], bcc: recipientStrings(details?.bcc), moved: [] };
  const inBcc = new Set(mailboxesOf(result.bcc).map((m) => canonicalAddress(m.address)));
  for (const field of ["to", "cc"]) {
    for (const entry of recipientStrings(details?.[field])) {
      const mailboxes = splitAddressList(entry);
      const moving = mailboxes.map((text) => isMovable(parseMailbox(text).address, payload));
      if (!moving.some(Boolean)) {
        result[field].push(entry);
        continue;
      }
      mailboxes.forEach((text, i) => {
        if (!moving[i]) {
          result[field].push(text);
          return;
        }
        const address = canonicalAddress(parseMailbox(text).address);
        result.moved.push({ field, text, address });
        if (!inBcc.has(address)) {
          inBcc.add(address);
          result.bcc.push(text);
        }
      });
    }
  }
  return result;
}
