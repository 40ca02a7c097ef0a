// Draft building from Thunderbird's compose details (docs/protocol.md "Draft").
import test from "node:test";
import assert from "node:assert/strict";
import { common } from "./helpers.mjs";

const {
  buildDraft, buildAttachment, bytesToBase64, htmlToText, bodyText, participantsFromMessage,
  fromIdentity, recordDraft, HEAD_BYTES, bytesToHex, sha256Hex, messageIds, threadOfMessage,
  sentDraft,
} = await common("draft.js");

test("plain-text compose details → draft, exactly", () => {
  const details = {
    from: "山田 太郎 <taro@example.co.jp>",
    to: ["\"Suzuki, Ichiro\" <suzuki@partner.example>", "  ", "b@x.jp"],
    cc: "c@example.co.jp",
    bcc: [],
    subject: "見積書の送付",
    isPlainText: true,
    plainTextBody: "株式会社パートナー\n鈴木様\n\n見積書を添付します。",
    body: "<p>ignored</p>",
    type: "reply",
    relatedMessageId: 12,
  };
  const attachments = [buildAttachment({ name: "見積書.pdf", size: 120345, contentType: "application/pdf" },
    new TextEncoder().encode("%PDF-1.4\n"))];
  assert.deepEqual(buildDraft(details, { attachments, participants: ["suzuki@partner.example"], locale: "ja" }), {
    from: "山田 太郎 <taro@example.co.jp>",
    to: ["\"Suzuki, Ichiro\" <suzuki@partner.example>", "b@x.jp"],
    cc: ["c@example.co.jp"],
    bcc: [],
    subject: "見積書の送付",
    body: "株式会社パートナー\n鈴木様\n\n見積書を添付します。",
    attachments: [{ name: "見積書.pdf", size: 120345, contentType: "application/pdf", head: "JVBERi0xLjQK" }],
    thread: { participants: ["suzuki@partner.example"] },
    locale: "ja",
  });
});

test("HTML compose details without plain text; sender from the identity; contact objects kept", () => {
  const details = {
    to: [{ id: "c1", type: "contact" }, "a@x.jp"],
    subject: undefined,
    isPlainText: false,
    plainTextBody: "",
    body: "<html><head><style>p{}</style><title>t</title></head><body><p>Dear Jane,</p><p>See&nbsp;the &lt;file&gt; &amp; notes.<br>Thanks</p>" +
      "<blockquote type=\"cite\"><p>On Monday Bob wrote:</p><p>old text</p></blockquote></body></html>",
  };
  const draft = buildDraft(details, { from: fromIdentity({ name: "Yamada, Taro", email: "taro@example.co.jp" }) });
  assert.deepEqual(draft, {
    from: "\"Yamada, Taro\" <taro@example.co.jp>",
    to: ["contact c1", "a@x.jp"],
    cc: [],
    bcc: [],
    subject: "",
    body: "Dear Jane,\nSee the <file> & notes.\nThanks\n> On Monday Bob wrote:\n> old text",
    attachments: [],
  });
});

test("htmlToText: entities, <pre>, nested quotes, comments, script", () => {
  assert.equal(htmlToText("a<!-- x -->b<script>var s = '<p>';</script>c"), "abc");
  assert.equal(htmlToText("<div>one</div><div>two</div>"), "one\ntwo");
  assert.equal(htmlToText("<pre>  x\n  y</pre>after"), "  x\n  y\nafter");
  assert.equal(htmlToText("top<blockquote>q1<blockquote>q2</blockquote>back</blockquote>end"), "top\n> q1\n> > q2\n> back\nend");
  assert.equal(htmlToText("&#x3042;&#12354;&unknown;&#0;"), "ああ&unknown;&#0;");
  assert.equal(htmlToText(""), "");
  assert.equal(htmlToText(undefined), "");
});

test("bodyText: plain text wins; empty HTML body gives empty text", () => {
  assert.equal(bodyText({ isPlainText: true, plainTextBody: "" , body: "<p>x</p>" }), "");
  assert.equal(bodyText({ isPlainText: false, plainTextBody: "text", body: "<p>html</p>" }), "text");
  assert.equal(bodyText({ isPlainText: false, body: "<p>html</p>" }), "html");
  assert.equal(bodyText({}), "");
});

test("attachments: head is base64 of at most the first 64 KiB", () => {
  assert.equal(HEAD_BYTES, 65536);
  const big = new Uint8Array(70000).map((_, i) => i % 251);
  const a = buildAttachment({ name: "big.bin", size: 70000, contentType: "application/octet-stream" }, big);
  assert.equal(a.head, Buffer.from(big.subarray(0, 65536)).toString("base64"));
  assert.equal(Buffer.from(a.head, "base64").length, 65536);
  assert.deepEqual(buildAttachment({ name: "cloud.pdf", size: 5 }, null), { name: "cloud.pdf", size: 5 });
  assert.deepEqual(buildAttachment({ name: "x", size: -1, contentType: "" }, new ArrayBuffer(0)), { name: "x", size: 0, head: "" });
});

test("bytesToBase64 matches Buffer for every remainder", () => {
  for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 1000]) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 255);
    assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString("base64"), `n=${n}`);
    assert.equal(bytesToBase64(bytes.buffer), Buffer.from(bytes).toString("base64"), `buffer n=${n}`);
  }
});

test("thread participants of the original message: author, To, Cc; bare addresses, no duplicates", () => {
  assert.deepEqual(participantsFromMessage({
    author: "\"Suzuki, Ichiro\" <suzuki@partner.example>",
    recipients: ["Taro <taro@example.co.jp>", "SUZUKI@partner.example"],
    ccList: ["hanako@example.co.jp, jiro@example.co.jp"],
    bccList: ["secret@example.co.jp"],
  }), ["suzuki@partner.example", "taro@example.co.jp", "hanako@example.co.jp", "jiro@example.co.jp"]);
  assert.deepEqual(participantsFromMessage(null), []);
});

test("fromIdentity, recordDraft", () => {
  assert.equal(fromIdentity({ name: "", email: "a@b.jp" }), "a@b.jp");
  assert.equal(fromIdentity({ name: "山田 太郎", email: "a@b.jp" }), "山田 太郎 <a@b.jp>");
  assert.equal(fromIdentity({ name: "Say \"hi\"", email: "a@b.jp" }), "\"Say \\\"hi\\\"\" <a@b.jp>");
  assert.equal(fromIdentity(null), "");
  const draft = buildDraft({ from: "a@b.jp", to: ["c@d.jp"], subject: "s", plainTextBody: "secret body", isPlainText: true },
    { attachments: [{ name: "f.pdf", size: 3, contentType: "application/pdf", head: "AAAA", sha256: "ab".repeat(32) }, { name: "g", size: 1 }], participants: ["c@d.jp"], locale: "en" });
  assert.deepEqual(recordDraft(draft), {
    from: "a@b.jp", to: ["c@d.jp"], cc: [], bcc: [], subject: "s",
    attachments: [{ name: "f.pdf", size: 3, contentType: "application/pdf", sha256: "ab".repeat(32) }, { name: "g", size: 1 }],
    thread: { participants: ["c@d.jp"] }, locale: "en",
  });
});

test("sha256Hex is the SHA-256 of the whole content, as lower-case hex", async () => {
  const hello = new TextEncoder().encode("hello world\n");
  // Independently: python3 -c 'import hashlib; print(hashlib.sha256(b"hello world\n").hexdigest())'
  assert.equal(await sha256Hex(hello), "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");
  assert.equal(await sha256Hex(hello.buffer), "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");
  // More than HEAD_BYTES: the digest covers all of it (sha256 of 90000 × "a").
  assert.equal(await sha256Hex(new Uint8Array(90000).fill(0x61)),
    "47180911766626374a07d901e0826e2ed1233440038889d12446ea1657fff01c");
  assert.equal(await sha256Hex(new Uint8Array(0)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(bytesToHex(new Uint8Array([0, 15, 16, 255])), "000f10ff");
});

test("buildAttachment carries a valid sha256 only", () => {
  const sha = "A948904F2F0F479B8F8197694B30184B0D2ED1C1CD2A1EC0FB85D299A192A447";
  assert.deepEqual(buildAttachment({ name: "a.txt", size: 12 }, null, sha),
    { name: "a.txt", size: 12, sha256: sha.toLowerCase() });
  assert.deepEqual(buildAttachment({ name: "a.txt", size: 12 }, null, "abc"), { name: "a.txt", size: 12 });
  assert.deepEqual(buildAttachment({ name: "a.txt", size: 12 }, null, null), { name: "a.txt", size: 12 });
  const draft = buildDraft({ to: ["c@d.jp"] }, { attachments: [buildAttachment({ name: "a.txt", size: 12 }, null, sha)] });
  assert.equal(draft.attachments[0].sha256, sha.toLowerCase());
});

test("messageIds reads References and In-Reply-To values, as strings or getFull() arrays", () => {
  assert.deepEqual(messageIds("<a@x.jp> <b@y.jp>"), ["a@x.jp", "b@y.jp"]);
  assert.deepEqual(messageIds(["<a@x.jp>\r\n <b@y.jp>", "<c@z.jp>"]), ["a@x.jp", "b@y.jp", "c@z.jp"]);
  assert.deepEqual(messageIds("no ids here"), []);
  assert.deepEqual(messageIds(undefined), []);
  assert.equal(messageIds(Array.from({ length: 70 }, (_, i) => `<m${i}@x.jp>`).join(" ")).length, 64);
});

test("threadOfMessage: participants, In-Reply-To and the References a reply carries", () => {
  const header = {
    headerMessageId: "parent@partner.example",
    author: "Suzuki <suzuki@partner.example>",
    recipients: ["taro@example.co.jp"],
  };
  const full = { headers: { references: ["<root@example.co.jp> <mid@partner.example>"] } };
  assert.deepEqual(threadOfMessage(header, full), {
    participants: ["suzuki@partner.example", "taro@example.co.jp"],
    inReplyTo: "parent@partner.example",
    references: ["root@example.co.jp", "mid@partner.example", "parent@partner.example"],
  });
  // Without getFull (it failed): the original's id is the only reference.
  assert.deepEqual(threadOfMessage(header, null).references, ["parent@partner.example"]);
  // An id Thunderbird gives with angle brackets is the same id.
  assert.equal(threadOfMessage({ ...header, headerMessageId: "<parent@partner.example>" }).inReplyTo,
    "parent@partner.example");
  assert.deepEqual(threadOfMessage(null), { participants: [] });
});

test("buildDraft carries the thread headers; recordDraft keeps them, sentDraft adds the body", () => {
  const details = { from: "a@b.jp", to: ["c@d.jp"], subject: "Re: s", plainTextBody: "Paula,\nok", isPlainText: true };
  const draft = buildDraft(details, { participants: ["c@d.jp"], inReplyTo: "p@d.jp", references: ["r@d.jp", "p@d.jp"] });
  assert.deepEqual(draft.thread, { participants: ["c@d.jp"], inReplyTo: "p@d.jp", references: ["r@d.jp", "p@d.jp"] });
  assert.deepEqual(recordDraft(draft).thread, draft.thread);
  assert.equal("body" in recordDraft(draft), false);
  assert.deepEqual(sentDraft(draft), { ...recordDraft(draft), body: "Paula,\nok" });
  // No thread at all when the draft is not a reply.
  assert.equal("thread" in buildDraft(details, {}), false);
});
