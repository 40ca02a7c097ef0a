// OnMessageSend end to end with the Office.js double: each verdict, the stored confirmation, a
// change after confirmation, the bridge down (fail open / fail closed), ja and en.
import test from "node:test";
import assert from "node:assert/strict";
import { common, fakeItem, fakeFetch, downFetch, payloadFixture, sendDeps } from "./office-double.mjs";

const { decideSend, rememberParticipants, collectDraft } = await common("send-flow.js");
const { TASKPANE_COMMAND_ID, PROMPT_USER } = await common("verdict.js");
const { CONFIRMATION_KEY, PARTICIPANTS_KEY, makeConfirmation } = await common("confirmation.js");
const { readItem } = await common("office-item.js");

const confirmPayload = payloadFixture("payload-reconfirm.json"); // ja, confirm
const blockPayload = payloadFixture("payload-block.json"); // en, block
const sendPayload = { verdict: "send", locale: "en", recipientCount: 1, groups: [], attachments: [], warnings: [] };

function draftItem() {
  return fakeItem({
    to: [{ displayName: "Suzuki, Ichiro", emailAddress: "suzuki@partner.example" }],
    cc: [{ displayName: "山田", emailAddress: "yamada@例え.jp" }],
    subject: "見積書の送付",
    body: "株式会社パートナー\r\n鈴木様\r\n\r\n見積書を添付します。",
    attachments: [{ id: "att1", name: "見積書.pdf", size: 120345, contentType: "application/pdf" }],
    contents: { att1: { format: "base64", content: "JVBERi0xLjQK" } },
  });
}

function engine(payload) {
  return fakeFetch((req) => (req.type === "check" ? payload : req.type === "record-sent" ? { recorded: true } : {}));
}

test("send: allowEvent true, the draft reached the bridge, and the send is recorded", async () => {
  const item = draftItem();
  const fetch = engine(sendPayload);
  const options = await decideSend(item, sendDeps(fetch, "en"));
  assert.deepEqual(options, { allowEvent: true });
  const [check, recorded] = fetch.requests;
  assert.equal(check.url, "http://127.0.0.1:47110/v1/check");
  assert.equal(check.type, "check");
  assert.equal(check.locale, "en");
  assert.deepEqual(check.draft.to, ['"Suzuki, Ichiro" <suzuki@partner.example>']);
  assert.deepEqual(check.draft.cc, ["山田 <yamada@例え.jp>"]);
  assert.equal(check.draft.from, "山田 太郎 <taro@example.co.jp>");
  assert.equal(check.draft.body, "株式会社パートナー\n鈴木様\n\n見積書を添付します。");
  assert.deepEqual(check.draft.attachments, [{ name: "見積書.pdf", size: 120345, contentType: "application/pdf", head: "JVBERi0xLjQK" }]);
  assert.equal(recorded.type, "record-sent");
  assert.equal(recorded.draft.attachments[0].head, undefined, "record-sent carries no content");
  assert.deepEqual(item.calls.find((c) => c[0] === "body.getAsync"), ["body.getAsync", "text"]);
});

test("block: allowEvent false with the reason, no task-pane button, nothing recorded", async () => {
  const fetch = engine(blockPayload);
  const options = await decideSend(draftItem(), sendDeps(fetch, "en"));
  assert.equal(options.allowEvent, false);
  assert.match(options.errorMessage, /^SendCheck: this message cannot be sent\./);
  assert.match(options.errorMessage, /rival\.example/);
  assert.equal(options.commandId, undefined);
  assert.equal(options.sendModeOverride, undefined);
  assert.equal(fetch.requests.length, 1);
});

test("confirm: allowEvent false, a short summary and the task-pane button", async () => {
  const options = await decideSend(draftItem(), sendDeps(engine(confirmPayload), "ja"));
  assert.equal(options.allowEvent, false);
  assert.equal(options.commandId, TASKPANE_COMMAND_ID);
  assert.equal(options.sendModeOverride, undefined, "no Send anyway past a confirm verdict");
  assert.match(options.errorMessage, /^SendCheck：送信前に確認してください。/);
  assert.match(options.errorMessage, /確認が必要な宛先が 2 件あります（社内全員|partner\.example/);
  assert.match(options.errorMessage, /partner\.example/);
  assert.match(options.errorMessage, /警告が 1 件あります/);
  assert.ok([...options.errorMessage].length <= 500);
});

test("confirm in English", async () => {
  const payload = { ...payloadFixture("payload-bcc.json") };
  const options = await decideSend(draftItem(), sendDeps(engine(payload), "en"));
  assert.equal(options.allowEvent, false);
  assert.match(options.errorMessage, /^SendCheck: please review before sending\. \d+ recipient\(s\) to confirm \(partner\.example, one\.example, two\.example, …\)\./);
  assert.match(options.errorMessage, /press Send again\.$/);
});

test("a stored confirmation lets the next Send pass; a change asks again", async () => {
  const item = draftItem();
  const fetch = engine(confirmPayload);
  assert.equal((await decideSend(item, sendDeps(fetch, "en"))).allowEvent, false);

  item.state.session[CONFIRMATION_KEY] = makeConfirmation(await readItem(item), { now: 1 });
  assert.deepEqual(await decideSend(item, sendDeps(fetch, "en")), { allowEvent: true });

  // Recipient order does not matter.
  item.state.cc.push({ displayName: "", emailAddress: "kato@example.co.jp" });
  const added = await decideSend(item, sendDeps(fetch, "en"));
  assert.equal(added.allowEvent, false);
  assert.match(added.errorMessage, /^The recipients or attachments changed after you confirmed\. SendCheck:/);
  assert.equal(added.commandId, TASKPANE_COMMAND_ID);
  item.state.cc.pop();
  assert.equal((await decideSend(item, sendDeps(fetch, "en"))).allowEvent, true);

  // Moving a recipient from Cc to Bcc, or another attachment, is a change too.
  item.state.bcc.push(item.state.cc.pop());
  assert.equal((await decideSend(item, sendDeps(fetch, "ja"))).allowEvent, false);
  item.state.cc.push(item.state.bcc.pop());
  item.state.attachments.push({ id: "att2", name: "顧客一覧.xlsx", size: 9000 });
  const attached = await decideSend(item, sendDeps(fetch, "ja"));
  assert.equal(attached.allowEvent, false);
  assert.match(attached.errorMessage, /^確認した後に宛先または添付ファイルが変わりました。/);
});

test("a stored confirmation never lifts a block", async () => {
  const item = draftItem();
  item.state.session[CONFIRMATION_KEY] = makeConfirmation(await readItem(item));
  const options = await decideSend(item, sendDeps(engine(blockPayload), "en"));
  assert.equal(options.allowEvent, false);
});

test("bridge down, fail open: SoftBlock with Send anyway and the fallback dialog", async () => {
  const options = await decideSend(draftItem(), sendDeps(downFetch(), "en", { failClosed: false }));
  assert.equal(options.allowEvent, false);
  assert.equal(options.sendModeOverride, PROMPT_USER);
  assert.equal(options.commandId, TASKPANE_COMMAND_ID);
  assert.match(options.errorMessage, /the SendCheck engine on this PC is not answering \(not running or not installed\)/);
});

test("bridge down, fail closed: no Send anyway, no way round", async () => {
  const item = draftItem();
  item.state.session[CONFIRMATION_KEY] = makeConfirmation(await readItem(item), { kind: "fallback" });
  const options = await decideSend(item, sendDeps(downFetch(), "ja", { failClosed: true }));
  assert.equal(options.allowEvent, false);
  assert.equal(options.sendModeOverride, undefined);
  assert.equal(options.commandId, undefined);
  assert.match(options.errorMessage, /組織のポリシーにより、確認なしでは送信できません/);
});

test("bridge down, fail open, confirmed in the fallback dialog: the Send passes", async () => {
  const item = draftItem();
  item.state.session[CONFIRMATION_KEY] = makeConfirmation(await readItem(item), { kind: "fallback" });
  const options = await decideSend(item, sendDeps(downFetch(), "en"));
  assert.deepEqual(options, { allowEvent: true });
});

test("bridge timeout, engine error and a strange answer are all 'not answering'", async () => {
  const hang = fakeFetch(() => new Promise(() => {}));
  const t = await decideSend(draftItem(), sendDeps(hang, "en", { timeoutMs: 30 }));
  assert.match(t.errorMessage, /no answer in 0 s|no answer in \d+ s/);
  assert.equal(t.sendModeOverride, PROMPT_USER);

  const err = fakeFetch((req) => ({ reply: { id: req.id, ok: false, error: { code: "draft.bad-field", message: "to[0]" } } }));
  const e = await decideSend(draftItem(), sendDeps(err, "en"));
  assert.match(e.errorMessage, /error draft\.bad-field/);

  const html = fakeFetch(() => ({ status: 404, text: "<html>" }));
  const h = await decideSend(draftItem(), sendDeps(html, "ja"));
  assert.match(h.errorMessage, /想定外の応答です/);

  const notPayload = fakeFetch(() => ({ hello: 1 }));
  const n = await decideSend(draftItem(), sendDeps(notPayload, "en", { failClosed: true }));
  assert.match(n.errorMessage, /unexpected answer/);
  assert.equal(n.sendModeOverride, undefined);
});

test("OnNewMessageCompose keeps the original participants of a reply; the check sends them as thread", async () => {
  const item = fakeItem({
    composeType: "replyAll",
    to: [{ displayName: "Suzuki", emailAddress: "Suzuki@Partner.example" }],
    cc: [{ displayName: "Sato", emailAddress: "sato@partner.example" }, { displayName: "", emailAddress: "suzuki@partner.example" }],
  });
  assert.deepEqual(await rememberParticipants(item), ["suzuki@partner.example", "sato@partner.example"]);
  assert.equal(item.state.session[PARTICIPANTS_KEY], '["suzuki@partner.example","sato@partner.example"]');
  item.state.to.push({ displayName: "", emailAddress: "new@other.example" });
  const { draft } = await collectDraft(item, "en");
  assert.deepEqual(draft.thread, { participants: ["suzuki@partner.example", "sato@partner.example"] });

  const fresh = fakeItem({ composeType: "newMail", to: [{ emailAddress: "a@b.example" }] });
  assert.equal(await rememberParticipants(fresh), null);
  assert.deepEqual(fresh.state.session, {});
  assert.equal((await collectDraft(fresh, "en")).draft.thread, undefined);
});
