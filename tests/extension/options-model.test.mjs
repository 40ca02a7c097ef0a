// hello / settings.get → options form; typed input → settings.set values; failClosed.
import test from "node:test";
import assert from "node:assert/strict";
import { common } from "./helpers.mjs";

const { buildOptionsModel, parseFieldInput, displayValue, SETTING_FIELDS } = await common("options-model.js");

// The shape of `hello` (the host's explain_settings map under "settings", and "locked"), trimmed.
const explain = {
  version: "0.1.0",
  locked: ["internalDomains", "countdownSeconds"],
  settings: {
    internalDomains: { value: ["example.co.jp", "!lists.example.co.jp"], layer: "policy", locked: true },
    trustedDomains: { value: [], layer: "default", locked: false },
    manyRecipientsThreshold: { value: 20, layer: "default", locked: false },
    bccDomainThreshold: { value: 4, layer: "user", locked: false },
    largeAttachmentBytes: { value: 10485760, layer: "default", locked: false },
    countdownSeconds: { value: 5, layer: "policy", locked: true },
    skipDialogWhenAllInternalKnown: { value: true, layer: "default", locked: false },
    rules: { value: [], layer: "default", locked: false, policyEntries: 0 },
  },
};

const field = (key) => SETTING_FIELDS.find((f) => f.key === key);

test("form fields in page order with display values and locks; unreported keys left out", () => {
  const model = buildOptionsModel(explain);
  assert.deepEqual(model.locked, ["internalDomains", "countdownSeconds"]);
  assert.deepEqual(model.fields.map((f) => [f.key, f.type, f.input, f.locked, f.layer]), [
    ["internalDomains", "list", "example.co.jp\n!lists.example.co.jp", true, "policy"],
    ["trustedDomains", "list", "", false, "default"],
    ["manyRecipientsThreshold", "int", "20", false, "default"],
    ["bccDomainThreshold", "int", "4", false, "user"],
    ["largeAttachmentBytes", "int", "10", false, "default"],
    ["countdownSeconds", "int", "5", true, "policy"],
    ["skipDialogWhenAllInternalKnown", "bool", true, false, "default"],
  ]);
  assert.deepEqual(model.fields.map((f) => f.labelKey), [
    "settingInternalDomains", "settingTrustedDomains", "settingManyRecipientsThreshold", "settingBccDomainThreshold",
    "settingLargeAttachmentMB", "settingCountdownSeconds", "settingSkipDialog",
  ]);
});

test("settings.get / settings.set reply (the map itself) gives the same form; locks from the entries", () => {
  const fromHello = buildOptionsModel(explain);
  const fromGet = buildOptionsModel(explain.settings);
  assert.deepEqual(fromGet.fields, fromHello.fields);
  assert.deepEqual(fromGet.locked, ["internalDomains", "countdownSeconds"]);
});

test("locked from the top-level list alone, and failClosed shown when the host reports it", () => {
  const model = buildOptionsModel({ locked: ["bccDomainThreshold"], settings: {
    bccDomainThreshold: { value: 4, layer: "policy" }, failClosed: { value: true, layer: "policy", locked: true },
  } });
  assert.deepEqual(model.fields.map((f) => [f.key, f.locked, f.input]), [["bccDomainThreshold", true, "4"], ["failClosed", true, true]]);
  assert.deepEqual(buildOptionsModel(null), { fields: [], locked: [] });
  assert.deepEqual(buildOptionsModel({ countdownSeconds: 3 }).fields, []); // not an explain entry
});

test("lists: one per line (or commas, spaces, Japanese punctuation), trimmed, no duplicates", () => {
  assert.deepEqual(parseFieldInput(field("internalDomains"), " example.co.jp\n\n!lists.example.co.jp , 例え.jp、example.co.jp;b.jp "),
    { ok: true, value: ["example.co.jp", "!lists.example.co.jp", "例え.jp", "b.jp"] });
  assert.deepEqual(parseFieldInput(field("trustedDomains"), ""), { ok: true, value: [] });
});

test("integers: range checked; full-width digits accepted", () => {
  assert.deepEqual(parseFieldInput(field("countdownSeconds"), "0"), { ok: true, value: 0 });
  assert.deepEqual(parseFieldInput(field("countdownSeconds"), " 600 "), { ok: true, value: 600 });
  assert.deepEqual(parseFieldInput(field("countdownSeconds"), "１０"), { ok: true, value: 10 });
  assert.deepEqual(parseFieldInput(field("countdownSeconds"), "601"), { ok: false, errorKey: "invalidNumber", errorArgs: ["0", "600"] });
  assert.deepEqual(parseFieldInput(field("countdownSeconds"), "-1"), { ok: false, errorKey: "invalidNumber", errorArgs: ["0", "600"] });
  assert.deepEqual(parseFieldInput(field("countdownSeconds"), "2.5"), { ok: false, errorKey: "invalidNumber", errorArgs: ["0", "600"] });
  assert.deepEqual(parseFieldInput(field("manyRecipientsThreshold"), "0"), { ok: false, errorKey: "invalidNumber", errorArgs: ["1", "100000"] });
  assert.deepEqual(parseFieldInput(field("bccDomainThreshold"), "abc"), { ok: false, errorKey: "invalidNumber", errorArgs: ["1", "100000"] });
});

test("largeAttachmentBytes is typed in MB (1 MB = 1 048 576 bytes), decimals allowed", () => {
  assert.deepEqual(parseFieldInput(field("largeAttachmentBytes"), "10"), { ok: true, value: 10485760 });
  assert.deepEqual(parseFieldInput(field("largeAttachmentBytes"), "0.5"), { ok: true, value: 524288 });
  assert.deepEqual(parseFieldInput(field("largeAttachmentBytes"), "２５"), { ok: true, value: 26214400 });
  assert.deepEqual(parseFieldInput(field("largeAttachmentBytes"), "0"), { ok: false, errorKey: "invalidSize", errorArgs: [] });
  assert.deepEqual(parseFieldInput(field("largeAttachmentBytes"), "ten"), { ok: false, errorKey: "invalidSize", errorArgs: [] });
  assert.equal(displayValue(field("largeAttachmentBytes"), 524288), "0.5");
  assert.equal(displayValue(field("largeAttachmentBytes"), 1000000), "0.954");
  assert.equal(displayValue(field("largeAttachmentBytes"), null), "");
});

test("booleans", () => {
  assert.deepEqual(parseFieldInput(field("skipDialogWhenAllInternalKnown"), true), { ok: true, value: true });
  assert.deepEqual(parseFieldInput(field("skipDialogWhenAllInternalKnown"), false), { ok: true, value: false });
});
