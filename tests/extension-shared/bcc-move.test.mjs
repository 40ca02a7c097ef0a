// The Bcc move: external (and free-mail) To/Cc recipients go to Bcc; everything else stays as written.
import test from "node:test";
import assert from "node:assert/strict";
import { shared, fixture } from "./helpers.mjs";

const { computeBccMove, isMovable } = await shared("bcc.js");
const { buildDialogModel, applyBccMoveToModel } = await shared("dialog-model.js");

test("real payload (bcc): every external To/Cc recipient moves, the internal Cc stays", () => {
  const draft = fixture("draft-bcc.json");
  const move = computeBccMove({ to: draft.to, cc: draft.cc, bcc: draft.bcc }, fixture("payload-bcc.json"));
  assert.deepEqual(move.to, []);
  assert.deepEqual(move.cc, ["山田 <yamada@example.co.jp>"]);
  assert.deepEqual(move.bcc, [
    ...Array.from({ length: 14 }, (_, i) => `user${i}@bulk.example`),
    "\"Suzuki, Ichiro\" <suzuki@partner.example>",
    "a@one.example", "b@two.example", "c@three.example", "d@four.example",
    "x@gmail.com",
  ]);
  assert.deepEqual(move.moved, [
    { field: "to", text: "\"Suzuki, Ichiro\" <suzuki@partner.example>", address: "suzuki@partner.example" },
    { field: "to", text: "a@one.example", address: "a@one.example" },
    { field: "to", text: "b@two.example", address: "b@two.example" },
    { field: "to", text: "c@three.example", address: "c@three.example" },
    { field: "to", text: "d@four.example", address: "d@four.example" },
    { field: "cc", text: "x@gmail.com", address: "x@gmail.com" },
  ]);
});

test("trusted, internal (IDN), unverifiable stay; order and spelling kept", () => {
  const draft = fixture("draft-reconfirm.json");
  const move = computeBccMove({ to: draft.to, cc: draft.cc, bcc: [] }, fixture("payload-reconfirm.json"));
  assert.deepEqual(move.to, ["社内全員 <社内全員>"]);
  assert.deepEqual(move.cc, ["山田 <yamada@例え.jp>", "Tanaka <tanaka@trusted.example>"]);
  assert.deepEqual(move.bcc, ["\"Suzuki, Ichiro\" <suzuki@partner.example>"]);
  assert.deepEqual(move.moved.map((m) => m.address), ["suzuki@partner.example"]);
});

test("entries holding several mailboxes are split only when some move; duplicates in Bcc are not added twice", () => {
  const payload = {
    groups: [
      { domain: "partner.example", class: "external", recipients: [{ field: "to", address: "suzuki@partner.example" }] },
      { domain: "example.co.jp", class: "internal", recipients: [{ field: "to", address: "taro@example.co.jp" }] },
    ],
  };
  const move = computeBccMove({
    to: ["Taro <taro@example.co.jp>, \"Suzuki, I.\" <Suzuki@Partner.Example>", "hanako@example.co.jp, jiro@example.co.jp"],
    cc: "suzuki@partner.example",
    bcc: ["boss@example.co.jp", "SUZUKI@partner.example"],
  }, payload);
  assert.deepEqual(move.to, ["Taro <taro@example.co.jp>", "hanako@example.co.jp, jiro@example.co.jp"]);
  assert.deepEqual(move.cc, []);
  assert.deepEqual(move.bcc, ["boss@example.co.jp", "SUZUKI@partner.example"]);
  assert.deepEqual(move.moved, [
    { field: "to", text: "\"Suzuki, I.\" <Suzuki@Partner.Example>", address: "suzuki@partner.example" },
    { field: "cc", text: "suzuki@partner.example", address: "suzuki@partner.example" },
  ]);
});

test("recipients a summarised payload only counts are matched by registrable domain on label boundaries", () => {
  const payload = {
    groups: [
      { domain: "bulk.example", class: "external", omittedCount: 100, recipients: [] },
      { domain: "gmail.com", class: "freemail", recipients: [] },
      { domain: "example.co.jp", class: "internal", recipients: [] },
      { domain: "shared.example", class: "internal", recipients: [] },
      { domain: "shared.example", class: "external", recipients: [] },
    ],
  };
  assert.equal(isMovable("User7@Bulk.Example", payload), true);
  assert.equal(isMovable("a@tokyo.bulk.example", payload), true);
  assert.equal(isMovable("a@notbulk.example", payload), false);
  assert.equal(isMovable("a@GMAIL.com.", payload), true);
  assert.equal(isMovable("a@example.co.jp", payload), false);
  assert.equal(isMovable("a@shared.example", payload), false); // internal and external groups: ambiguous, stays
  assert.equal(isMovable("no-address", payload), false);
  assert.equal(isMovable("a@unknown.example", payload), false);
});

test("no external recipient: nothing moves, lists unchanged", () => {
  const move = computeBccMove({ to: ["a@example.co.jp"], cc: [], bcc: [] },
    { groups: [{ domain: "example.co.jp", class: "internal", recipients: [{ field: "to", address: "a@example.co.jp" }] }] });
  assert.deepEqual(move, { to: ["a@example.co.jp"], cc: [], bcc: [], moved: [] });
});

test("the dialog model after the move: moved recipients show Bcc, the warning is resolved", () => {
  const payload = fixture("payload-bcc.json");
  const draft = fixture("draft-bcc.json");
  const model = buildDialogModel(payload);
  const after = applyBccMoveToModel(model, computeBccMove(draft, payload));
  assert.deepEqual(after.groups.map((g) => g.recipients.map((r) => `${r.field}:${r.address}`)), [
    ["bcc:suzuki@partner.example"], ["bcc:a@one.example"], ["bcc:b@two.example"], ["bcc:c@three.example"],
    ["bcc:d@four.example"], ["bcc:user0@bulk.example", "bcc:user1@bulk.example", "bcc:user2@bulk.example"],
    ["bcc:x@gmail.com"], ["cc:yamada@example.co.jp"],
  ]);
  assert.deepEqual(after.groups[0].recipients[0].fieldKey, "fieldBcc");
  assert.deepEqual(after.warnings.map((w) => [w.code, w.resolved]), [
    ["many-recipients", false], ["bcc-suggested", true], ["recipients-summarised", false],
  ]);
  assert.equal(after.bccSuggested, false);
  assert.equal(after.bccMoved, 6);
  // The original model is unchanged.
  assert.equal(model.groups[0].recipients[0].field, "to");
  assert.equal(model.bccSuggested, true);
});
