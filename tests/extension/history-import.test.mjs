// "Learn from my Sent folders": Sent folders found, headers converted, pages walked, batches sent.
import test from "node:test";
import assert from "node:assert/strict";
import { common } from "./helpers.mjs";

const { findSentFolders, headerToImport, importSentFolders, IMPORT_BATCH_SIZE } = await common("history-import.js");

test("Sent folders by specialUse (TB 121+) or type, with their subfolders", () => {
  const accounts = [
    { id: "account1", name: "Work", rootFolder: { subFolders: [
      { id: "a1://Inbox", specialUse: ["inbox"], subFolders: [{ id: "a1://Inbox/Sent-looking", subFolders: [] }] },
      { id: "a1://Sent", specialUse: ["sent"], subFolders: [{ id: "a1://Sent/2023", specialUse: [], subFolders: [] }] },
      { id: "a1://Archive", specialUse: ["archives"], subFolders: [] },
    ] } },
    { id: "account2", name: "Old", folders: [{ path: "/Sent Mail", type: "sent" }, { path: "/Drafts", type: "drafts" }] },
    { id: "account3", name: "Empty" },
  ];
  assert.deepEqual(findSentFolders(accounts).map((f) => [f.accountId, f.accountName, f.folder.id ?? f.folder.path]), [
    ["account1", "Work", "a1://Sent"],
    ["account1", "Work", "a1://Sent/2023"],
    ["account2", "Old", "/Sent Mail"],
  ]);
  assert.deepEqual(findSentFolders(undefined), []);
});

test("message header → import-history entry (date in Unix seconds)", () => {
  assert.deepEqual(headerToImport({
    headerMessageId: "abc@example.co.jp", date: new Date("2024-04-01T09:30:00.900Z"),
    author: "山田 太郎 <taro@example.co.jp>", recipients: ["\"Suzuki, Ichiro\" <suzuki@partner.example>"],
    ccList: ["a@x.jp", 5], bccList: [], subject: "Re: 見積の件",
  }), {
    messageId: "abc@example.co.jp", date: 1711963800, from: "山田 太郎 <taro@example.co.jp>",
    to: ["\"Suzuki, Ichiro\" <suzuki@partner.example>"], cc: ["a@x.jp"], bcc: [],
    // The engine learns hashed terms and the thread's subject key from it (issue 11), no text.
    subject: "Re: 見積の件",
  });
  assert.deepEqual(headerToImport({ date: 1711963800123 }), { messageId: "", date: 1711963800, from: "", to: [], cc: [], bcc: [] });
  assert.equal(headerToImport({ date: "2024-04-01T09:30:00Z" }).date, 1711963800);
  assert.equal(headerToImport({ date: "garbage" }).date, 0);
});

function fakeFolders(sizes, pageSize) {
  // folder i holds sizes[i] messages, listed pageSize at a time
  const lists = new Map();
  let listSeq = 0;
  const page = (folder, start) => {
    const end = Math.min(start + pageSize, sizes[folder]);
    const messages = [];
    for (let n = start; n < end; n++) messages.push({ headerMessageId: `f${folder}-m${n}`, date: new Date(n * 1000), author: "me@x.jp", recipients: [`r${n}@y.jp`] });
    let id = null;
    if (end < sizes[folder]) { id = `list-${++listSeq}`; lists.set(id, { folder, start: end }); }
    return { id, messages };
  };
  return {
    folders: sizes.map((_, i) => i),
    list: async (folder) => page(folder, 0),
    continueList: async (id) => { const l = lists.get(id); lists.delete(id); return page(l.folder, l.start); },
    lists,
  };
}

test("walks every page of every folder and sends batches of 200; totals summed from the host's replies", async () => {
  const fake = fakeFolders([450, 0, 130], 100);
  const batches = [];
  const progress = [];
  const result = await importSentFolders({
    ...fake,
    send: async (messages) => { batches.push(messages); return { read: messages.length, added: 2, alreadyImported: 1, skipped: 0 }; },
    onProgress: (p) => progress.push(`${p.folderIndex}:${p.messages}:${p.batches}`),
  });
  assert.equal(IMPORT_BATCH_SIZE, 200);
  assert.deepEqual(batches.map((b) => b.length), [200, 200, 180]);
  assert.deepEqual(batches[0][0], { messageId: "f0-m0", date: 0, from: "me@x.jp", to: ["r0@y.jp"], cc: [], bcc: [] });
  assert.deepEqual(batches[2].at(-1).messageId, "f2-m129");
  assert.deepEqual(result, { read: 580, added: 6, alreadyImported: 3, skipped: 0, messages: 580, batches: 3, cancelled: false });
  assert.deepEqual(progress, [
    "0:100:0", "0:200:1", "0:200:1", "0:300:1", "0:400:2", "0:400:2", "0:450:2", "1:450:2", "2:550:2", "2:580:2", "2:580:3",
  ]);
});

test("stop: the open list is aborted and nothing more is sent", async () => {
  const fake = fakeFolders([1000], 100);
  const aborted = [];
  let sent = 0;
  const result = await importSentFolders({
    ...fake, batchSize: 150,
    abortList: async (id) => { aborted.push(id); },
    send: async (messages) => { sent += messages.length; return { read: messages.length, added: messages.length }; },
    isCancelled: () => sent >= 300,
  });
  assert.equal(result.cancelled, true);
  assert.equal(sent, 300);
  assert.deepEqual([result.read, result.added, result.batches], [300, 300, 2]);
  assert.deepEqual(aborted, ["list-3"]);
  assert.equal(result.messages, 300);
});

test("a host error stops the walk with that error", async () => {
  const fake = fakeFolders([300], 100);
  await assert.rejects(importSentFolders({ ...fake, send: async () => { throw new Error("history.busy"); } }), /history.busy/);
});
