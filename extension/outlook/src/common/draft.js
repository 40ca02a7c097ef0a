// The draft the engine checks (docs/protocol.md "Draft"), built from what Office.js gives for a
// message being composed. Pure functions: src/common/office-item.js reads the item.

/** Bytes of each attachment sent as `head` (at most 64 KiB, protocol). */
export const HEAD_BYTES = 64 * 1024;

/**
 * @typedef {object} OutlookRecipient  Office.EmailAddressDetails
 * @property {string} [displayName]
 * @property {string} emailAddress
 *
 * @typedef {object} OutlookAttachment
 * @property {string} name
 * @property {number} size
 * @property {string} [contentType]
 * @property {string} [head]   base64 of the first bytes (AttachmentContent of format "base64")
 *
 * @typedef {object} ItemData  what office-item.js readItem returns
 * @property {OutlookRecipient|null} [from]
 * @property {OutlookRecipient[]} to
 * @property {OutlookRecipient[]} cc
 * @property {OutlookRecipient[]} bcc
 * @property {string} subject
 * @property {string} body     text (body.getAsync("text"))
 * @property {OutlookAttachment[]} attachments
 * @property {string[]} [participants]  original participants of a reply (sessionData)
 */

/**
 * An address header value for one recipient: `"Suzuki, Ichiro" <suzuki@partner.example>`,
 * the bare address when there is no display name (or it is the address itself).
 * @param {OutlookRecipient} r
 * @returns {string}
 */
export function mailboxText(r) {
  const address = String(r?.emailAddress ?? "").trim();
  const name = String(r?.displayName ?? "").replace(/[\r\n]+/g, " ").trim();
  if (!name || name.toLowerCase() === address.toLowerCase()) return address;
  const quoted = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ \u0080-\uffff]*$/.test(name) ? name
    : `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return address ? `${quoted} <${address}>` : quoted;
}

/**
 * The first bytes of an attachment as base64, at most HEAD_BYTES bytes: a base64 prefix whose
 * length is a multiple of 4 decodes to whole bytes, so no decoding is needed.
 * @param {string} base64  AttachmentContent.content of format "base64"
 * @returns {string}  at most 87380 characters (65535 bytes)
 */
export function headOf(base64) {
  const clean = String(base64 ?? "").replace(/\s+/g, "");
  return clean.slice(0, Math.floor(HEAD_BYTES / 3) * 4);
}

/**
 * The draft of docs/protocol.md from the item's data.
 * @param {ItemData} data
 * @param {{locale?: "ja"|"en"}} [extra]
 * @returns {object}  { from?, to, cc, bcc, subject, body, attachments, thread?, locale? }
 */
export function buildOutlookDraft(data, extra = {}) {
  const list = (rs) => (rs ?? []).filter((r) => r && (r.emailAddress || r.displayName)).map(mailboxText);
  const draft = {
    to: list(data?.to),
    cc: list(data?.cc),
    bcc: list(data?.bcc),
    subject: String(data?.subject ?? ""),
    body: String(data?.body ?? "").replace(/\r\n?/g, "\n"),
    attachments: (data?.attachments ?? []).map((a) => {
      const out = { name: String(a?.name ?? ""), size: Number.isFinite(a?.size) ? a.size : 0 };
      if (a?.contentType) out.contentType = String(a.contentType);
      if (a?.head) out.head = headOf(a.head);
      return out;
    }),
  };
  if (data?.from?.emailAddress) draft.from = mailboxText(data.from);
  if (data?.participants?.length) draft.thread = { participants: [...data.participants] };
  if (extra.locale) draft.locale = extra.locale;
  return draft;
}

/**
 * Original participants of a reply, from the recipients Outlook prefilled (To, Cc) when the
 * compose window opened (OnNewMessageCompose).
 * @param {string} composeType  item.getComposeTypeAsync: "reply", "replyAll", "forward", "newMail"
 * @param {OutlookRecipient[]} to
 * @param {OutlookRecipient[]} cc
 * @returns {string[]|null}  lower-cased unique addresses; null when not a reply
 */
export function replyParticipants(composeType, to, cc) {
  if (composeType !== "reply" && composeType !== "replyAll") return null;
  const seen = new Set();
  for (const r of [...(to ?? []), ...(cc ?? [])]) {
    const a = String(r?.emailAddress ?? "").trim().toLowerCase();
    if (a) seen.add(a);
  }
  return [...seen];
}
