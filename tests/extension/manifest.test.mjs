// The add-on's manifest, the files it names, module imports, and the .xpi build.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { EXT_DIR, ROOT } from "./helpers.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(EXT_DIR, "manifest.json"), "utf8"));

test("manifest: MV2, gecko id, minimum version, permissions, pages", () => {
  assert.equal(manifest.manifest_version, 2);
  assert.deepEqual(manifest.browser_specific_settings, { gecko: { id: "sendcheck@sendcheck.invalid", strict_min_version: "128.0" } });
  assert.equal(manifest.default_locale, "en");
  assert.deepEqual([...manifest.permissions].sort(), ["accountsRead", "compose", "messagesRead", "nativeMessaging", "storage"]);
  assert.deepEqual(manifest.background, { page: "background/background.html" });
  assert.deepEqual(manifest.options_ui, { page: "options/options.html", open_in_tab: true });
  assert.equal(manifest.name, "__MSG_extensionName__");
});

function allFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) allFiles(p, out); else out.push(p);
  }
  return out;
}

test("every file the manifest and pages name exists; every import resolves inside the add-on", () => {
  const named = [manifest.background.page, manifest.options_ui.page, ...Object.values(manifest.icons), "dialog/dialog.html"];
  for (const rel of named) assert.ok(fs.existsSync(path.join(EXT_DIR, rel)), rel);
  const problems = [];
  for (const file of allFiles(EXT_DIR)) {
    const text = fs.readFileSync(file, "utf8");
    const refs = file.endsWith(".html")
      ? [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
      : file.endsWith(".js") ? [...text.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]) : [];
    for (const ref of refs) {
      // Module imports must be relative ("./x.js"); pages may name files beside them ("dialog.js"). Nothing remote.
      if (/^[a-z]+:|^\//i.test(ref) || (file.endsWith(".js") && !ref.startsWith("."))) { problems.push(`${path.relative(EXT_DIR, file)}: not relative: ${ref}`); continue; }
      const target = path.resolve(path.dirname(file), ref);
      if (!target.startsWith(EXT_DIR + path.sep) || !fs.existsSync(target)) problems.push(`${path.relative(EXT_DIR, file)}: ${ref}`);
    }
    if (file.endsWith(".html")) {
      for (const m of text.matchAll(/<script\b([^>]*)>/g)) {
        if (!/type="module"/.test(m[1])) problems.push(`${path.relative(EXT_DIR, file)}: script without type="module"`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test("the dialog page has the stable ids end-to-end tests use", () => {
  const html = fs.readFileSync(path.join(EXT_DIR, "dialog/dialog.html"), "utf8");
  for (const id of ["send", "cancel", "close"]) {
    assert.match(html, new RegExp(`<button id="${id}" data-testid="${id}" type="button"`), id);
  }
  assert.match(html, /<body data-state="loading"/);
  const js = fs.readFileSync(path.join(EXT_DIR, "dialog/dialog.js"), "utf8");
  assert.match(js, /id: "move-to-bcc", dataTestid: "move-to-bcc"/);
  assert.match(js, /dataRequired: true/);
});

test("build-xpi.sh: deterministic archive with the add-on's files, manifest first, no package.json or README", { skip: spawnSync("sh", ["-c", "command -v zip && command -v unzip"]).status !== 0 && "zip/unzip not installed" }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sendcheck-xpi-"));
  try {
    const a = path.join(dir, "a.xpi");
    const b = path.join(dir, "b.xpi");
    execFileSync(path.join(ROOT, "scripts/build-xpi.sh"), [a], { stdio: "pipe" });
    execFileSync(path.join(ROOT, "scripts/build-xpi.sh"), [b], { stdio: "pipe" });
    assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), "two builds differ");
    const names = execFileSync("unzip", ["-Z1", a], { encoding: "utf8" }).trim().split("\n");
    const expected = allFiles(EXT_DIR).map((f) => path.relative(EXT_DIR, f).split(path.sep).join("/"))
      .filter((f) => f !== "package.json" && f !== "README.md").sort();
    assert.equal(names[0], "manifest.json");
    assert.deepEqual([...names].sort(), expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
