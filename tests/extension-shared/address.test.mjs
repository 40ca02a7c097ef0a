// Address lists without the engine: splitting, mailboxes, canonical comparison.
import test from "node:test";
import assert from "node:assert/strict";
import { shared } from "./helpers.mjs";

const { splitAddressList, parseMailbox, domainOf, canonicalDomain, canonicalAddress, recipientStrings, mailboxesOf } = await shared("address.js");

test("splitAddressList: quotes, angle brackets, comments, groups", () => {
  assert.deepEqual(splitAddressList("\"Suzuki, Ichiro\" <suzuki@partner.example>, b@x.jp"),
    ["\"Suzuki, Ichiro\" <suzuki@partner.example>", "b@x.jp"]);
  assert.deepEqual(splitAddressList("Doe, Jane T - Springfield <jane.doe@example.com>, Roe, R. <r@x.jp>, alias, b@x.jp"),
    ["Doe, Jane T - Springfield <jane.doe@example.com>", "Roe, R. <r@x.jp>", "alias", "b@x.jp"]);
  assert.deepEqual(splitAddressList("a@x.jp (Sato, Taro), <b@x.jp>"), ["a@x.jp (Sato, Taro)", "<b@x.jp>"]);
  assert.deepEqual(splitAddressList("Team: a@x.jp, \"B, b\" <b@x.jp>; c@y.jp"), ["a@x.jp", "\"B, b\" <b@x.jp>", "c@y.jp"]);
  assert.deepEqual(splitAddressList("undisclosed-recipients:;"), []);
  assert.deepEqual(splitAddressList("\"a\\\"b, c\" <q@x.jp>"), ["\"a\\\"b, c\" <q@x.jp>"]);
  assert.deepEqual(splitAddressList(" , ,"), []);
  assert.deepEqual(splitAddressList(null), []);
});

test("parseMailbox: display name and address", () => {
  assert.deepEqual(parseMailbox("\"Suzuki, Ichiro\" <suzuki@partner.example>"), { displayName: "Suzuki, Ichiro", address: "suzuki@partner.example" });
  assert.deepEqual(parseMailbox("山田 太郎 <taro@example.co.jp>"), { displayName: "山田 太郎", address: "taro@example.co.jp" });
  assert.deepEqual(parseMailbox("taro@example.jp (Taro)"), { displayName: "", address: "taro@example.jp" });
  assert.deepEqual(parseMailbox("\"<odd>\" <real@x.jp>"), { displayName: "<odd>", address: "real@x.jp" });
  assert.deepEqual(parseMailbox("社内全員 <社内全員>"), { displayName: "社内全員", address: "社内全員" });
  assert.deepEqual(parseMailbox("plain"), { displayName: "", address: "plain" });
});

test("domains and canonical addresses (IDNA to-ASCII, lower case, trailing dot)", () => {
  assert.equal(domainOf("\"a@b\"@example.jp"), "example.jp");
  assert.equal(domainOf("no-at"), "");
  assert.equal(canonicalDomain("例え.JP."), "xn--r8jz45g.jp");
  assert.equal(canonicalDomain("Partner.Example"), "partner.example");
  assert.equal(canonicalDomain("exa mple..jp"), "exa mple..jp");
  assert.equal(canonicalDomain("1.2.3"), "1.2.3");
  assert.equal(canonicalDomain(""), "");
  assert.equal(canonicalAddress("Suzuki@Partner.Example"), "suzuki@partner.example");
  assert.equal(canonicalAddress("Ｙamada@例え.jp"), "Ｙamada@xn--r8jz45g.jp"); // only ASCII letters are folded
  assert.equal(canonicalAddress(" 社内全員 "), "社内全員");
});

test("recipientStrings and mailboxesOf", () => {
  assert.deepEqual(recipientStrings(undefined), []);
  assert.deepEqual(recipientStrings("a@x.jp"), ["a@x.jp"]);
  assert.deepEqual(recipientStrings(["a@x.jp", "", { id: "L1", type: "mailingList" }, { type: "contact" }, 7]), ["a@x.jp", "mailingList L1"]);
  assert.deepEqual(mailboxesOf(["A <a@x.jp>, b@y.jp"]), [
    { text: "A <a@x.jp>", displayName: "A", address: "a@x.jp" },
    { text: "b@y.jp", displayName: "", address: "b@y.jp" },
  ]);
});
