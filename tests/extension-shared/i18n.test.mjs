// The one i18n source (extension/shared/_locales, read by both add-ins): every key the shared
// package, the Thunderbird add-on or the Outlook add-in uses exists in en and ja, the two files
// have the same keys, every key is used, and placeholders match; detectLocale, createGetMessage.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { shared, ROOT, SHARED_DIR } from "./helpers.mjs";

const EXTENSION_DIR = path.join(ROOT, "extension");
const SOURCE_DIRS = ["shared", "thunderbird", "outlook/src"].map((d) => path.join(EXTENSION_DIR, d));

const load = (lang) => JSON.parse(fs.readFileSync(path.join(SHARED_DIR, "_locales", lang, "messages.json"), "utf8"));
const en = load("en");
const ja = load("ja");

function files(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== "_locales") files(p, out); } else out.push(p);
  }
  return out;
}

/** Keys named in the source: getMessage("…") or msg("…"), data-i18n="…" or dataI18n: "…", __MSG_…__, and `…Key: "…"` literals. */
function usedKeys() {
  const used = new Map(); // key → first file
  const add = (key, file) => { if (!used.has(key)) used.set(key, path.relative(EXTENSION_DIR, file)); };
  for (const file of SOURCE_DIRS.flatMap((d) => files(d))) {
    if (!/\.(js|html|json)$/.test(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/\b(?:getMessage|msg)\(\s*["']([^"']+)["']/g)) add(m[1], file);
    for (const m of text.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) add(m[1], file);
    for (const m of text.matchAll(/\bdataI18n:\s*"([^"]+)"/g)) add(m[1], file);
    for (const m of text.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) add(m[1], file);
    for (const m of text.matchAll(/\b[a-z][A-Za-z]*Key:\s*"([A-Za-z0-9_]+)"/g)) add(m[1], file);
  }
  return used;
}

const dialogModel = await shared("dialog-model.js");
const optionsModel = await import(path.join(EXTENSION_DIR, "thunderbird/common/options-model.js"));
const mapKeys = [
  ...Object.values(dialogModel.CLASS_LABEL_KEYS), ...Object.values(dialogModel.FIELD_LABEL_KEYS),
  ...Object.values(dialogModel.SEVERITY_LABEL_KEYS), ...Object.values(dialogModel.FALLBACK_REASON_KEYS),
  ...Object.values(dialogModel.SIZE_KEYS),
  ...optionsModel.SETTING_FIELDS.flatMap((f) => [f.labelKey, f.helpKey].filter(Boolean)),
];

test("en and ja have the same keys, each with a non-empty message", () => {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const [lang, messages] of [["en", en], ["ja", ja]]) {
    for (const [key, value] of Object.entries(messages)) {
      assert.equal(typeof value.message, "string", `${lang}.${key}`);
      assert.notEqual(value.message.trim(), "", `${lang}.${key} is empty`);
      assert.match(key, /^[A-Za-z0-9_]+$/, `${lang}.${key}: key characters`);
    }
  }
});

test("every key used in the code exists in both locales", () => {
  const used = usedKeys();
  for (const key of mapKeys) if (!used.has(key)) used.set(key, "the modules' key maps");
  assert.ok(used.size > 60, `found only ${used.size} keys: the scan is broken`);
  const missing = [...used].filter(([key]) => !(key in en) || !(key in ja)).map(([key, file]) => `${key} (${file})`);
  assert.deepEqual(missing, []);
});

test("every locale key is used somewhere", () => {
  const used = new Set([...usedKeys().keys(), ...mapKeys]);
  assert.deepEqual(Object.keys(en).filter((key) => !used.has(key)), []);
});

test("placeholders: same names in en and ja, each used in its message, $1..$n in order", () => {
  for (const key of Object.keys(en)) {
    const names = (lang) => Object.keys((lang === "en" ? en : ja)[key].placeholders ?? {});
    assert.deepEqual(names("ja"), names("en"), `${key}: placeholder names`);
    for (const lang of ["en", "ja"]) {
      const entry = (lang === "en" ? en : ja)[key];
      names(lang).forEach((name, i) => {
        assert.equal(entry.placeholders[name].content, `$${i + 1}`, `${lang}.${key}.${name}`);
        assert.ok(entry.message.toUpperCase().includes(`$${name.toUpperCase()}$`), `${lang}.${key} uses $${name}$`);
      });
      for (const m of entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)) {
        assert.ok(names(lang).includes(m[1].toLowerCase()), `${lang}.${key}: $${m[1]}$ is not a placeholder`);
      }
    }
  }
});

test("the Japanese file is Japanese where it matters", () => {
  for (const key of ["dialogHeadingConfirm", "buttonSend", "buttonCancel", "classExternal", "classInternal", "fallbackReasonUnreachable", "gateRemaining"]) {
    assert.match(ja[key].message, /[\u3040-\u30ff\u4e00-\u9fff]/, key);
  }
  assert.equal(en.buttonSend.message, "Send");
  assert.equal(ja.buttonSend.message, "送信");
  assert.equal(ja.classExternal.message, "社外");
});

const { detectLocale, createGetMessage } = await shared("i18n.js");

test("detectLocale: Japanese for any Japanese UI, else English", () => {
  assert.deepEqual(["ja", "ja-JP", "JA", "en-US", "de", "de-DE", "", undefined, "jav"].map(detectLocale), ["ja", "ja", "ja", "en", "en", "en", "en", "en", "en"]);
});

test("createGetMessage reads the messages like browser.i18n.getMessage", () => {
  const get = createGetMessage(en);
  assert.equal(get("nope"), "");
  assert.equal(get("groupOmitted", ["23", "example.com"]), "and 23 more at example.com");
  assert.equal(get("sizeKB", ["117.5"]), "117.5 KB");
  assert.equal(get("alertReasonTimeout", [10]), "no answer in 10 s");
  assert.equal(createGetMessage(ja)("alertReasonTimeout", [10]), "10 秒以内に応答がありません");
  assert.match(createGetMessage(ja)("gateRemaining", ["3"]), /3/);
  assert.equal(createGetMessage({ k: { message: "$1 costs $$5" } })("k", "it"), "it costs $5");
});
