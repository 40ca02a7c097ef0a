// Promise wrappers around the Office.js compose item (Office.context.mailbox.item): the only
// module that knows the shape of Office's callbacks. Tests hand in a test double.

import { parseMailbox } from "../../../shared/address.js";

const SUCCEEDED = "succeeded"; // Office.AsyncResultStatus.Succeeded

/**
 * Call an Office.js method that takes a callback last.
 * @param {(cb: (r: {status: string, value?: any, error?: any}) => void) => void} start
 * @returns {Promise<any>}  the asyncResult's value; rejects with its error
 */
export function officeCall(start) {
  return new Promise((resolve, reject) => {
    try {
      start((result) => (result?.status === SUCCEEDED ? resolve(result.value) : reject(result?.error ?? new Error("failed"))));
    } catch (e) { reject(e); }
  });
}

const recipients = (field) => (field?.getAsync ? officeCall((cb) => field.getAsync(cb)).catch(() => []) : Promise.resolve([]));

/**
 * Everything the check needs from the item being composed.
 * @param {object} item  Office.MessageCompose
 * @param {{heads?: boolean}} [options]  heads: read the first bytes of file attachments (getAttachmentContentAsync)
 * @returns {Promise<import("./draft.js").ItemData>}
 */
export async function readItem(item, options = {}) {
  const [to, cc, bcc, subject, body, from, attachments] = await Promise.all([
    recipients(item.to),
    recipients(item.cc),
    recipients(item.bcc),
    item.subject?.getAsync ? officeCall((cb) => item.subject.getAsync(cb)).catch(() => "") : Promise.resolve(""),
    item.body?.getAsync ? officeCall((cb) => item.body.getAsync("text", cb)).catch(() => "") : Promise.resolve(""),
    item.from?.getAsync ? officeCall((cb) => item.from.getAsync(cb)).catch(() => null) : Promise.resolve(null),
    item.getAttachmentsAsync ? officeCall((cb) => item.getAttachmentsAsync(cb)).catch(() => []) : Promise.resolve([]),
  ]);
  const list = [];
  for (const a of attachments ?? []) {
    if (a?.isInline) continue;
    const out = { name: String(a?.name ?? ""), size: Number(a?.size) || 0, contentType: a?.contentType || undefined };
    if (options.heads !== false && a?.attachmentType === "file" && item.getAttachmentContentAsync) {
      const content = await officeCall((cb) => item.getAttachmentContentAsync(a.id, cb)).catch(() => null);
      if (content?.format === "base64" && typeof content.content === "string") out.head = content.content;
    }
    list.push(out);
  }
  return { from, to: to ?? [], cc: cc ?? [], bcc: bcc ?? [], subject: subject ?? "", body: body ?? "", attachments: list };
}

/**
 * @param {object} item
 * @param {string} key
 * @returns {Promise<string|null>}  null when absent or unavailable
 */
export function sessionGet(item, key) {
  if (!item.sessionData?.getAsync) return Promise.resolve(null);
  return officeCall((cb) => item.sessionData.getAsync(key, cb)).then((v) => v ?? null, () => null);
}

/**
 * @param {object} item
 * @param {string} key
 * @param {string} value
 * @returns {Promise<void>}  rejects when the item cannot store it
 */
export function sessionSet(item, key, value) {
  if (!item.sessionData?.setAsync) return Promise.reject(new Error("sessionData is not available"));
  return officeCall((cb) => item.sessionData.setAsync(key, value, cb)).then(() => undefined);
}

/**
 * The compose type ("newMail", "reply", "replyAll", "forward"); "newMail" when unknown.
 * @param {object} item
 * @returns {Promise<string>}
 */
export function composeType(item) {
  if (!item.getComposeTypeAsync) return Promise.resolve("newMail");
  return officeCall((cb) => item.getComposeTypeAsync(cb)).then((v) => String(v?.composeType ?? "newMail"), () => "newMail");
}

/**
 * Replace the recipients of To, Cc and Bcc (Mailbox 1.1 Recipients.setAsync).
 * @param {object} item
 * @param {{to: string[], cc: string[], bcc: string[]}} fields  mailboxes as written
 *        (`"Name" <address>` or a bare address)
 * @returns {Promise<void>}  rejects when a field cannot be set
 */
export async function setRecipients(item, fields) {
  for (const field of ["to", "cc", "bcc"]) {
    const list = (fields[field] ?? []).map((text) => {
      const { displayName, address } = parseMailbox(text);
      return { displayName: displayName || address, emailAddress: address };
    });
    if (!item[field]?.setAsync) throw new Error(`${field} cannot be set`);
    await officeCall((cb) => item[field].setAsync(list, cb));
  }
}
