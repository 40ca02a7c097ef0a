// "Learn from my Sent folders": find the Sent folders of the chosen accounts, walk their messages
// page by page and stream the headers to the host (`import-history`) in batches. The Thunderbird
// calls are passed in, so the walk runs under node --test.

/** Messages per `import-history` request. */
export const IMPORT_BATCH_SIZE = 200;

function isSent(folder) {
  return folder?.type === "sent" || (Array.isArray(folder?.specialUse) && folder.specialUse.includes("sent"));
}

/**
 * The Sent folders of some accounts, with their subfolders (Sent/2023 …), depth first.
 * @param {Array<{id: string, name?: string, rootFolder?: object, folders?: object[]}>} accounts
 *        accounts.list(true) / accounts.get(id, true): folder trees in rootFolder.subFolders
 *        (TB 121+) or folders (older)
 * @returns {Array<{accountId: string, accountName: string, folder: object}>}  folder = MailFolder
 */
export function findSentFolders(accounts) {
  const out = [];
  for (const account of accounts ?? []) {
    const walk = (folders, inSent) => {
      for (const folder of folders ?? []) {
        const sent = inSent || isSent(folder);
        if (sent) out.push({ accountId: account.id, accountName: String(account.name ?? ""), folder });
        walk(folder.subFolders, sent);
      }
    };
    walk(account.rootFolder?.subFolders ?? account.folders, false);
  }
  return out;
}

/**
 * One message header as `import-history` takes it.
 * @param {{headerMessageId?: string, date?: Date|number|string, author?: string, recipients?: string[],
 *          ccList?: string[], bccList?: string[], subject?: string}} header  messages.MessageHeader
 * @returns {{messageId: string, date: number, from: string, to: string[], cc: string[], bcc: string[],
 *            subject?: string}}
 *          date in Unix seconds (0 when unknown); subject when the header has one (the engine
 *          learns hashed terms and the thread's subject key from it, docs/protocol.md)
 */
export function headerToImport(header) {
  let ms = NaN;
  const d = header?.date;
  if (d instanceof Date) ms = d.getTime();
  else if (typeof d === "number") ms = d;
  else if (typeof d === "string") ms = Date.parse(d);
  const strings = (list) => (Array.isArray(list) ? list.filter((v) => typeof v === "string") : []);
  return {
    messageId: String(header?.headerMessageId ?? ""),
    date: Number.isFinite(ms) ? Math.floor(ms / 1000) : 0,
    from: String(header?.author ?? ""),
    to: strings(header?.recipients),
    cc: strings(header?.ccList),
    bcc: strings(header?.bccList),
    ...(typeof header?.subject === "string" && header.subject ? { subject: header.subject } : {}),
  };
}

/**
 * Walks folders and sends their headers in batches.
 *
 * @param {object} io
 * @param {object[]} io.folders  MailFolders (see findSentFolders)
 * @param {(folder: object) => Promise<{id?: string|null, messages: object[]}>} io.list  messages.list
 * @param {(listId: string) => Promise<{id?: string|null, messages: object[]}>} io.continueList  messages.continueList
 * @param {(messages: object[]) => Promise<{read?: number, added?: number, alreadyImported?: number, skipped?: number}>} io.send
 *        one `import-history` request
 * @param {number} [io.batchSize]  default IMPORT_BATCH_SIZE
 * @param {(p: {folderIndex: number, folderCount: number, messages: number, batches: number}) => void} [io.onProgress]
 *        after each page and each batch; messages = headers read so far
 * @param {() => boolean} [io.isCancelled]  checked before each page and batch; when it says
 *        true, the open list is aborted (io.abortList) and what is not yet sent is dropped
 * @param {(listId: string) => Promise<void>} [io.abortList]  messages.abortList
 * @returns {Promise<{read: number, added: number, alreadyImported: number, skipped: number,
 *          messages: number, batches: number, cancelled: boolean}>}  read/added/… summed over the host's replies
 */
export async function importSentFolders(io) {
  const batchSize = io.batchSize ?? IMPORT_BATCH_SIZE;
  const totals = { read: 0, added: 0, alreadyImported: 0, skipped: 0, messages: 0, batches: 0, cancelled: false };
  const cancelled = () => (io.isCancelled?.() ? (totals.cancelled = true) : false);
  let folderIndex = 0;
  const progress = () => io.onProgress?.({
    folderIndex: Math.max(0, Math.min(folderIndex, io.folders.length - 1)),
    folderCount: io.folders.length, messages: totals.messages, batches: totals.batches,
  });
  let pending = [];
  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const r = (await io.send(batch)) ?? {};
    for (const key of ["read", "added", "alreadyImported", "skipped"]) totals[key] += Number(r[key]) || 0;
    totals.batches++;
    progress();
  };
  for (; folderIndex < io.folders.length; folderIndex++) {
    if (cancelled()) break;
    let page = await io.list(io.folders[folderIndex]);
    for (;;) {
      for (const header of page?.messages ?? []) {
        pending.push(headerToImport(header));
        totals.messages++;
        if (pending.length >= batchSize) {
          if (cancelled()) break;
          await flush();
        }
      }
      progress();
      if (!page?.id) break;
      if (totals.cancelled || cancelled()) {
        await io.abortList?.(page.id);
        break;
      }
      page = await io.continueList(page.id);
    }
    if (totals.cancelled) break;
  }
  if (!totals.cancelled) await flush();
  return totals;
}
