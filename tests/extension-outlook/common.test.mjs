// The pure modules: draft building, the hash, the Smart Alerts texts (ja/en, from the shared _locales).
import test from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { common, messagesOf } from "./office-double.mjs";

const { mailboxText, headOf, buildOutlookDraft, replyParticipants, HEAD_BYTES } = await common("draft.js");
const { sha256Hex } = await common("sha256.js");
const { confirmationHash, confirmationState, makeConfirmation } = await common("confirmation.js");
const { completionOptions, clip } = await common("verdict.js");
const en = messagesOf("en");
const ja = messagesOf("ja");

test("mailboxText quotes display names that need it", () => {
  assert.equal(mailboxText({ displayName: "Suzuki, Ichiro", emailAddress: "suzuki@partner.example" }), '"Suzuki, Ichiro" <suzuki@partner.example>');
  assert.equal(mailboxText({ displayName: "山田 太郎", emailAddress: "taro@example.co.jp" }), "山田 太郎 <taro@example.co.jp>");
  assert.equal(mailboxText({ displayName: 'A "B" \\ C', emailAddress: "a@b.example" }), '"A \\"B\\" \\\\ C" <a@b.example>');
  assert.equal(mailboxText({ displayName: "a@b.example", emailAddress: "A@B.example" }), "A@B.example");
  assert.equal(mailboxText({ displayName: "", emailAddress: "x@y.example" }), "x@y.example");
  assert.equal(mailboxText({ displayName: "社内全員", emailAddress: "" }), "社内全員");
});

test("headOf keeps at most 64 KiB of whole bytes", () => {
  const bytes = crypto.randomBytes(100_000);
  const head = headOf(bytes.toString("base64").replace(/(.{76})/g, "$1\r\n"));
  const decoded = Buffer.from(head, "base64");
  assert.ok(decoded.length <= HEAD_BYTES);
  assert.ok(decoded.length >= HEAD_BYTES - 2);
  assert.deepEqual(decoded, bytes.subarray(0, decoded.length));
  assert.equal(headOf("JVBERi0xLjQK"), "JVBERi0xLjQK");
});

test("buildOutlookDraft: the protocol's draft", () => {
  const draft = buildOutlookDraft({
    from: { displayName: "", emailAddress: "taro@example.co.jp" },
    to: [{ displayName: "Suzuki, Ichiro", emailAddress: "suzuki@partner.example" }, null, { displayName: "", emailAddress: "" }],
    cc: [], bcc: [{ displayName: "", emailAddress: "boss@example.co.jp" }],
    subject: "件名", body: "a\r\nb\rc",
    attachments: [{ name: "a.pdf", size: 3, contentType: "application/pdf", head: "JVBE" }, { name: "mail.eml", size: 10 }],
    participants: ["suzuki@partner.example"],
  }, { locale: "ja" });
  assert.deepEqual(draft, {
    from: "taro@example.co.jp",
    to: ['"Suzuki, Ichiro" <suzuki@partner.example>'], cc: [], bcc: ["boss@example.co.jp"],
    subject: "件名", body: "a\nb\nc",
    attachments: [{ name: "a.pdf", size: 3, contentType: "application/pdf", head: "JVBE" }, { name: "mail.eml", size: 10 }],
    thread: { participants: ["suzuki@partner.example"] },
    locale: "ja",
  });
});

test("replyParticipants only for replies", () => {
  assert.deepEqual(replyParticipants("reply", [{ emailAddress: "A@x.example" }], []), ["a@x.example"]);
  assert.equal(replyParticipants("forward", [{ emailAddress: "a@x.example" }], []), null);
  assert.equal(replyParticipants("newMail", [], []), null);
});

test("sha256Hex equals node's SHA-256", () => {
  for (const s of ["", "abc", "見積書.pdf", "x".repeat(55), "x".repeat(56), "y".repeat(1000)]) {
    assert.equal(sha256Hex(s), crypto.createHash("sha256").update(s, "utf8").digest("hex"));
  }
});

test("confirmationHash: recipients per field and attachments, order and case ignored", () => {
  const base = { to: [{ emailAddress: "a@x.example" }, { emailAddress: "b@y.example" }], cc: [], bcc: [], attachments: [{ name: "a.pdf", size: 1 }] };
  const h = confirmationHash(base);
  assert.match(h, /^sha256:[0-9a-f]{64}$/);
  assert.equal(confirmationHash({ ...base, to: [{ emailAddress: "B@Y.example", displayName: "B" }, { emailAddress: "a@x.example" }], subject: "other" }), h);
  assert.notEqual(confirmationHash({ ...base, to: base.to.slice(0, 1), cc: base.to.slice(1) }), h);
  assert.notEqual(confirmationHash({ ...base, attachments: [{ name: "a.pdf", size: 2 }] }), h);
  assert.notEqual(confirmationHash({ ...base, attachments: [] }), h);
  assert.equal(confirmationState(makeConfirmation(base), base), "valid");
  assert.equal(confirmationState(makeConfirmation(base), { ...base, bcc: [{ emailAddress: "c@z.example" }] }), "changed");
  assert.equal(confirmationState(null, base), "none");
  assert.equal(confirmationState("{not json", base), "none");
  assert.equal(confirmationState('{"v":2,"hash":"x"}', base), "none");
});

test("clip cuts at 500 characters", () => {
  assert.equal([...clip("あ".repeat(600))].length, 500);
  assert.ok(clip("あ".repeat(600)).endsWith("…"));
  assert.equal(clip("short"), "short");
});

test("each verdict's message in Japanese and English", () => {
  const payload = { verdict: "confirm", groups: [{ domain: "partner.example", class: "external", recipients: [{ mustConfirm: true }] }], attachments: [{ mustConfirm: true }], warnings: [] };
  assert.equal(completionOptions({ payload }, en).errorMessage,
    "SendCheck: please review before sending. 1 recipient(s) to confirm (partner.example). 1 attachment(s) to confirm. Open “Review and confirm”, tick every item, then press Send again.");
  assert.equal(completionOptions({ payload }, ja).errorMessage,
    "SendCheck：送信前に確認してください。確認が必要な宛先が 1 件あります（partner.example）。 確認が必要な添付ファイルが 1 件あります。 「確認して送信」を開き、すべての項目にチェックを入れてから、もう一度［送信］を押してください。");
  const block = { verdict: "block", groups: [], warnings: [{ code: "policy-block", severity: "danger", message: "社外秘のメールは社外に送れません" }] };
  assert.equal(completionOptions({ payload: block }, ja).errorMessage, "SendCheck：このメールは送信できません。社外秘のメールは社外に送れません");
  assert.equal(completionOptions({ payload: { verdict: "block" } }, en).errorMessage, "SendCheck: this message cannot be sent. Your organisation does not allow this message.");
  const down = { error: { kind: "unreachable" } };
  assert.match(completionOptions(down, en).errorMessage, /^SendCheck could not check this message/);
  assert.match(completionOptions(down, ja).errorMessage, /^SendCheck はこのメールを確認できませんでした/);
});
