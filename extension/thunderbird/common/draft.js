// The draft the engine checks (docs/protocol.md "Draft"), built from Thunderbird's compose
// details. Pure functions: the background script reads Thunderbird's APIs and hands the values in.

import { mailboxesOf, recipientStrings } from "../../shared/address.js";

/** Bytes of each attachment sent to the engine as `head` (its content sniffing reads no more). */
export const HEAD_BYTES = 64 * 1024;

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Standard base64 (RFC 4648 §4, with padding) of some bytes.
 * @param {Uint8Array|ArrayBuffer} input
 * @returns {string} e.g. "JVBERi0xLjQK" for the bytes of "%PDF-1.4\n"
 */
export function bytesToBase64(input) {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63] + "==";
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + "=";
  }
  return out;
}

const NAMED_ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const value = NAMED_ENTITIES[name.toLowerCase()];
    return value === undefined ? whole : value;
  });
}

const BLOCK_TAGS = new Set([
  "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
  "pre", "hr", "section", "article", "header", "footer", "address", "dl", "dt", "dd",
]);
const SKIPPED_TAGS = new Set(["head", "style", "script", "title", "template"]);

/**
 * Plain text of an HTML body, for the engine's body checks when Thunderbird gives no plain-text
 * version. Quoted parts (`<blockquote>`) become `> `-prefixed lines, so that the engine's quote
 * detection leaves them out, as it does for plain-text replies.
 *
 * @param {string} html  e.g. `<p>見積書を添付します。</p><blockquote type="cite">old</blockquote>`
 * @returns {string}     e.g. "見積書を添付します。\n> old"
 */
export function htmlToText(html) {
  const tokens = String(html ?? "").replace(/<!--[\s\S]*?-->/g, "").split(/(<[^>]*>)/);
  const lines = [];
  let line = "";
  let depth = 0;
  let lineDepth = 0;
  let skip = null;
  let pre = 0;
  const newline = () => {
    lines.push(line.trim() ? "> ".repeat(lineDepth) + line.replace(/\s+$/, "") : (lineDepth ? ">".repeat(lineDepth) : ""));
    line = "";
    lineDepth = depth;
  };
  const softBreak = () => { if (line.trim()) newline(); else { line = ""; lineDepth = depth; } };
  for (const token of tokens) {
    if (!token) continue;
    const tag = /^<\s*(\/?)\s*([a-zA-Z0-9]+)/.exec(token);
    if (token[0] === "<" && tag) {
      const closing = tag[1] === "/";
      const name = tag[2].toLowerCase();
      if (skip) {
        if (closing && name === skip) skip = null;
        continue;
      }
      if (!closing && SKIPPED_TAGS.has(name) && !/\/>$/.test(token)) { skip = name; continue; }
      if (name === "br") { newline(); continue; }
      if (name === "blockquote") {
        softBreak();
        depth = Math.max(0, depth + (closing ? -1 : 1));
        lineDepth = depth;
        continue;
      }
      if (name === "pre") pre = Math.max(0, pre + (closing ? -1 : 1));
      if (BLOCK_TAGS.has(name)) softBreak();
      continue;
    }
    if (skip) continue;
    const text = decodeEntities(token);
    if (pre) {
      const parts = text.split("\n");
      parts.forEach((part, i) => { if (i > 0) newline(); line += part; });
    } else {
      const collapsed = text.replace(/[ \t\r\n\f]+/g, " ");
      line += line.length === 0 || /\s$/.test(line) ? collapsed.replace(/^ /, "") : collapsed;
    }
  }
  if (line.trim()) newline();
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  while (lines.length && !lines[0]) lines.shift();
  return lines.join("\n");
}

/**
 * The plain text the user wrote, from compose details.
 * @param {{isPlainText?: boolean, plainTextBody?: string, body?: string}} details
 * @returns {string}
 */
export function bodyText(details) {
  if (typeof details?.plainTextBody === "string" && (details.isPlainText || details.plainTextBody !== "")) {
    return details.plainTextBody;
  }
  if (typeof details?.body === "string") return htmlToText(details.body);
  return "";
}

/**
 * Lower-case hex of some bytes (a digest).
 * @param {Uint8Array|ArrayBuffer} input
 * @returns {string} e.g. "00ff" for the bytes 0x00 0xff
 */
export function bytesToHex(input) {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/**
 * SHA-256 of the whole content of an attachment, for the audit log (`sha256` of the draft's
 * attachments, docs/protocol.md "Draft"): Web Crypto's digest, as 64 lower-case hex digits.
 * @param {Uint8Array|ArrayBuffer} content  the attachment's full content (File.arrayBuffer())
 * @param {SubtleCrypto} [subtle]  globalThis.crypto.subtle unless given (tests)
 * @returns {Promise<string>} e.g. "a948904f…a447" for the bytes of "hello world\n"
 */
export async function sha256Hex(content, subtle = globalThis.crypto.subtle) {
  return bytesToHex(await subtle.digest("SHA-256", content));
}

/**
 * One attachment of the draft.
 * @param {{name?: string, size?: number, contentType?: string}} info  from compose.listAttachments
 *        (name, size in bytes) and the attachment's File (type)
 * @param {Uint8Array|ArrayBuffer|null} [headBytes]  the first bytes of the content (more than
 *        HEAD_BYTES are cut to HEAD_BYTES); null or omitted when the content cannot be read
 * @param {string|null} [sha256]  sha256Hex of the full content; null or omitted when it cannot
 *        be read (anything but 64 hex digits is left out, the engine would refuse it)
 * @returns {{name: string, size: number, contentType?: string, head?: string, sha256?: string}}
 *          head = base64
 */
export function buildAttachment(info, headBytes, sha256) {
  const out = { name: String(info?.name ?? ""), size: Number.isFinite(info?.size) && info.size >= 0 ? Math.floor(info.size) : 0 };
  if (info?.contentType) out.contentType = String(info.contentType);
  if (headBytes) {
    const bytes = headBytes instanceof Uint8Array ? headBytes : new Uint8Array(headBytes);
    out.head = bytesToBase64(bytes.subarray(0, HEAD_BYTES));
  }
  if (typeof sha256 === "string" && /^[0-9a-f]{64}$/i.test(sha256)) out.sha256 = sha256.toLowerCase();
  return out;
}

/**
 * Addresses of the participants of the message being replied to (author, To, Cc), in order,
 * without duplicates (compared case-insensitively).
 * @param {{author?: string, recipients?: string[], ccList?: string[]}|null} header  messages.get() result
 * @returns {string[]} bare addresses as written, e.g. ["suzuki@partner.example", "taro@example.co.jp"]
 */
export function participantsFromMessage(header) {
  if (!header) return [];
  const values = [header.author, ...(header.recipients ?? []), ...(header.ccList ?? [])].filter((v) => typeof v === "string");
  const seen = new Set();
  const out = [];
  for (const { address } of mailboxesOf(values)) {
    const key = address.toLowerCase();
    if (!address || seen.has(key)) continue;
    seen.add(key);
    out.push(address);
  }
  return out;
}

/**
 * The sender as a header value from an identity of accounts/identities APIs.
 * @param {{name?: string, email?: string}|null} identity
 * @returns {string} e.g. `"Yamada, Taro" <taro@example.co.jp>`, `taro@example.co.jp`, or ""
 */
export function fromIdentity(identity) {
  if (!identity?.email) return "";
  const name = String(identity.name ?? "").trim();
  if (!name) return identity.email;
  const quoted = /[",.:;<>@()[\]\\]/.test(name) ? `"${name.replace(/(["\\])/g, "\\$1")}"` : name;
  return `${quoted} <${identity.email}>`;
}

/**
 * Message-IDs of a References or In-Reply-To header value (RFC 5322 §3.6.4), without angle
 * brackets, in order. Thunderbird's messages.getFull() gives header values as arrays of strings.
 * @param {string|string[]|undefined} value  e.g. "<a@x.jp> <b@y.jp>" or ["<a@x.jp>\r\n <b@y.jp>"]
 * @returns {string[]} e.g. ["a@x.jp", "b@y.jp"]; at most 64
 */
export function messageIds(value) {
  const text = (Array.isArray(value) ? value : [value]).filter((v) => typeof v === "string").join(" ");
  const ids = [];
  for (const match of text.matchAll(/<([^<>\s]+)>/g)) {
    if (ids.length >= 64) break;
    ids.push(match[1]);
  }
  return ids;
}

/**
 * The thread a reply belongs to, for the engine's wrong-recipient check (docs/protocol.md
 * "thread"): the participants of the message replied to, its Message-ID (the reply's
 * In-Reply-To) and the References the reply will carry (the original's References, then its id).
 * @param {{headerMessageId?: string, author?: string, recipients?: string[], ccList?: string[]}|null} header  messages.get()
 * @param {{headers?: Record<string, string[]>}|null} [full]  messages.getFull(), for References
 * @returns {{participants: string[], inReplyTo?: string, references?: string[]}}
 */
export function threadOfMessage(header, full = null) {
  const thread = { participants: participantsFromMessage(header) };
  const id = messageIds(`<${String(header?.headerMessageId ?? "").replace(/^<|>$/g, "")}>`)[0];
  if (header?.headerMessageId && id) {
    thread.inReplyTo = id;
    const references = messageIds(full?.headers?.references);
    if (!references.includes(id)) references.push(id);
    thread.references = references.slice(-64);
  }
  return thread;
}

/**
 * The draft of docs/protocol.md from compose details.
 *
 * @param {object} details  compose.ComposeDetails (from, to, cc, bcc, subject, isPlainText,
 *        plainTextBody, body)
 * @param {object} [extra]
 * @param {Array<{name:string,size:number,contentType?:string,head?:string,sha256?:string}>} [extra.attachments]  see buildAttachment
 * @param {string[]} [extra.participants]  thread participants (replies only), see participantsFromMessage
 * @param {string} [extra.inReplyTo]  Message-ID replied to, see threadOfMessage
 * @param {string[]} [extra.references]  References of the reply, see threadOfMessage
 * @param {"ja"|"en"} [extra.locale]  language of the engine's messages
 * @param {string} [extra.from]  sender when details.from is empty (see fromIdentity)
 * @returns {{from: string, to: string[], cc: string[], bcc: string[], subject: string, body: string,
 *            attachments: object[], thread?: {participants: string[], inReplyTo?: string,
 *            references?: string[]}, locale?: string}}
 */
export function buildDraft(details, extra = {}) {
  const from = recipientStrings(details?.from)[0] ?? extra.from ?? "";
  const draft = {
    from,
    to: recipientStrings(details?.to),
    cc: recipientStrings(details?.cc),
    bcc: recipientStrings(details?.bcc),
    subject: String(details?.subject ?? ""),
    body: bodyText(details),
    attachments: (extra.attachments ?? []).map((a) => ({ ...a })),
  };
  if (extra.participants?.length || extra.inReplyTo) {
    draft.thread = { participants: [...(extra.participants ?? [])] };
    if (extra.inReplyTo) draft.thread.inReplyTo = extra.inReplyTo;
    if (extra.references?.length) draft.thread.references = [...extra.references];
  }
  if (extra.locale) draft.locale = extra.locale;
  return draft;
}

/**
 * The draft without its body and attachment contents, for record-sent and audit.record
 * (bodies are never logged, DESIGN.md §6). Attachments keep their SHA-256: the audit log records
 * it, and the engine's draft fingerprint (which ties a send to its earlier checks) includes it.
 * @param {object} draft  see buildDraft
 * @returns {object}  from, to, cc, bcc, subject, attachments [{name, size, contentType?, sha256?}], thread?, locale?
 */
export function recordDraft(draft) {
  const out = {
    from: draft.from ?? "",
    to: [...(draft.to ?? [])],
    cc: [...(draft.cc ?? [])],
    bcc: [...(draft.bcc ?? [])],
    subject: draft.subject ?? "",
    attachments: (draft.attachments ?? []).map(({ name, size, contentType, sha256 }) => {
      const out = contentType ? { name, size, contentType } : { name, size };
      if (sha256) out.sha256 = sha256;
      return out;
    }),
  };
  if (draft.thread) out.thread = { ...draft.thread, participants: [...(draft.thread.participants ?? [])] };
  if (draft.locale) out.locale = draft.locale;
  return out;
}

/**
 * What record-sent carries after a real send: recordDraft plus the body, from which the engine
 * learns the greeting and hashed terms of the wrong-recipient check (it stores no text and logs
 * no body, DESIGN.md §6). Only for record-sent: audit.record keeps recordDraft.
 * @param {object} draft  see buildDraft
 * @returns {object} recordDraft(draft) with body
 */
export function sentDraft(draft) {
  return { ...recordDraft(draft), body: String(draft.body ?? "") };
}
