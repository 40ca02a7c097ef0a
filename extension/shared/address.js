// Address lists as the add-on needs them without the engine: splitting a header value into
// mailboxes (for the fallback dialog and the Bcc move) and comparing addresses in the engine's
// canonical form (docs/protocol.md: "local part with ASCII lower-cased, domain in IDNA ASCII").
// The engine stays the authority on classification; nothing here decides internal/external.
// Pure functions, no browser APIs: imported by the add-on and by node --test.

/**
 * Splits one address-list header value (RFC 5322 §3.4) into mailbox strings, as written.
 * Commas inside quotes, angle brackets and comments do not split, nor a comma after text that
 * has no address when a `Name <address>` follows (`Doe, Jane <jane@example.com>` is one mailbox);
 * a group (`Team: a@x, b@y;`) yields its members and an empty group (`undisclosed-recipients:;`) none.
 * Empty pieces are dropped; nothing is invented.
 *
 * @param {string} text  header value, e.g. `"Suzuki, Ichiro" <suzuki@partner.example>, b@x.jp`
 * @returns {string[]}   trimmed mailbox strings, e.g. [`"Suzuki, Ichiro" <suzuki@partner.example>`, `b@x.jp`]
 */
export function splitAddressList(text) {
  const out = [];
  if (typeof text !== "string") return out;
  let current = "";
  let inQuote = false;
  let angle = 0;
  let paren = 0;
  const flush = () => {
    const piece = current.trim();
    if (piece) out.push(piece);
    current = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      current += c;
      if (c === "\\" && i + 1 < text.length) current += text[++i];
      else if (c === '"') inQuote = false;
      continue;
    }
    if (paren > 0) {
      current += c;
      if (c === "\\" && i + 1 < text.length) current += text[++i];
      else if (c === "(") paren++;
      else if (c === ")") paren--;
      continue;
    }
    if (c === '"') inQuote = true;
    else if (c === "(") paren++;
    else if (c === "<") angle++;
    else if (c === ">" && angle > 0) angle--;
    else if (angle === 0 && c === ",") { flush(); continue; }
    else if (angle === 0 && c === ";") { flush(); continue; }
    else if (angle === 0 && c === ":") {
      // Start of a group: what came before is the group's name, not a mailbox.
      current = "";
      continue;
    }
    current += c;
  }
  flush();
  // A piece without any address followed by a display-name mailbox is part of its name, as the
  // engine reads it: `Doe, Jane T - Springfield <jane.doe@example.com>` is one mailbox.
  const merged = [];
  for (let i = 0; i < out.length; i++) {
    let piece = out[i];
    while (!/[@<]/.test(piece) && i + 1 < out.length && out[i + 1].includes("<")) piece = `${piece}, ${out[++i]}`;
    merged.push(piece);
  }
  return merged;
}

/**
 * Flattens a compose recipient list (a string, an array of strings, or Thunderbird's
 * `{id, type}` contact/mailing-list objects) into header-value strings. Contact objects have no
 * address here; they are kept as `contact <id>` / `mailingList <id>` so that they are listed
 * (the engine reports them as `unverifiable`), never dropped.
 *
 * @param {string|Array<string|{id:string,type:string}>|undefined|null} list
 * @returns {string[]} non-empty trimmed strings, in order
 */
export function recipientStrings(list) {
  if (list == null) return [];
  const items = Array.isArray(list) ? list : [list];
  const out = [];
  for (const item of items) {
    if (typeof item === "string") {
      if (item.trim()) out.push(item.trim());
    } else if (item && typeof item === "object" && item.id != null) {
      out.push(`${item.type || "contact"} ${item.id}`);
    }
  }
  return out;
}

function stripComments(text) {
  let out = "";
  let inQuote = false;
  let paren = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (paren > 0) {
      if (c === "\\") i++;
      else if (c === "(") paren++;
      else if (c === ")") paren--;
      continue;
    }
    if (inQuote) {
      out += c;
      if (c === "\\" && i + 1 < text.length) out += text[++i];
      else if (c === '"') inQuote = false;
      continue;
    }
    if (c === '"') inQuote = true;
    if (c === "(") { paren++; continue; }
    out += c;
  }
  return out;
}

function unquote(text) {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    return t.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return t;
}

/**
 * Splits one mailbox into display name and address.
 * `"Suzuki, Ichiro" <suzuki@partner.example>` → {displayName: "Suzuki, Ichiro", address: "suzuki@partner.example"};
 * `taro@example.jp (Taro)` → {displayName: "", address: "taro@example.jp"}.
 *
 * @param {string} mailbox  one mailbox as written
 * @returns {{displayName: string, address: string}}  address as written (not canonical), may be "" when there is none
 */
export function parseMailbox(mailbox) {
  const text = String(mailbox ?? "").trim();
  let inQuote = false;
  let open = -1;
  let close = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === "\\") i++;
      else if (c === '"') inQuote = false;
      continue;
    }
    if (c === '"') inQuote = true;
    else if (c === "<") { open = i; close = -1; }
    else if (c === ">" && open >= 0) close = i;
  }
  if (open >= 0 && close > open) {
    return {
      displayName: unquote(stripComments(text.slice(0, open))),
      address: text.slice(open + 1, close).trim(),
    };
  }
  return { displayName: "", address: stripComments(text).trim() };
}

/** Index of the last `@` outside double quotes, or -1. */
function lastAt(address) {
  let inQuote = false;
  let at = -1;
  for (let i = 0; i < address.length; i++) {
    const c = address[i];
    if (inQuote) {
      if (c === "\\") i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === "@") at = i;
  }
  return at;
}

/**
 * The domain of an address: the text after the last `@` outside quotes.
 * @param {string} address  e.g. `"a@b"@example.jp`
 * @returns {string} e.g. `example.jp`; "" when there is no `@`
 */
export function domainOf(address) {
  const at = lastAt(String(address ?? ""));
  return at < 0 ? "" : address.slice(at + 1).trim();
}

/**
 * A domain in the engine's canonical form: IDNA (UTS #46) to-ASCII through the WHATWG URL
 * host parser, lower case, one trailing dot removed. Text that is not a valid host name is only
 * lower-cased (the engine reports it as malformed).
 *
 * @param {string} domain  e.g. `例え.JP.`
 * @returns {string} e.g. `xn--r8jz45g.jp`
 */
export function canonicalDomain(domain) {
  let d = String(domain ?? "").trim();
  if (d.endsWith(".")) d = d.slice(0, -1);
  if (!d) return "";
  const lower = d.toLowerCase();
  const labels = lower.split(".");
  // Characters the URL parser would treat as structure, and numeric last labels (IPv4 parsing).
  if (/[\s/?#:@[\]\\%<>^|"]/.test(d) || /^(0x[0-9a-f]*|[0-9]+)$/.test(labels[labels.length - 1])) {
    return lower;
  }
  try {
    const host = new URL(`http://${d}/`).hostname;
    return host || lower;
  } catch {
    return lower;
  }
}

/**
 * An address in the engine's canonical form: local part with ASCII letters lower-cased,
 * domain canonical (see canonicalDomain). Text without `@` is returned trimmed, unchanged.
 *
 * @param {string} address  e.g. `Suzuki@Partner.Example`
 * @returns {string} e.g. `suzuki@partner.example`
 */
export function canonicalAddress(address) {
  const a = String(address ?? "").trim();
  const at = lastAt(a);
  if (at < 0) return a;
  const local = a.slice(0, at).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return `${local}@${canonicalDomain(a.slice(at + 1))}`;
}

/**
 * Every mailbox of some header values, parsed.
 * @param {string[]} values  header values (each may hold several mailboxes)
 * @returns {Array<{text: string, displayName: string, address: string}>}  text = the mailbox as written
 */
export function mailboxesOf(values) {
  const out = [];
  for (const value of values ?? []) {
    for (const text of splitAddressList(value)) {
      out.push({ text, ...parseMailbox(text) });
    }
  }
  return out;
}
