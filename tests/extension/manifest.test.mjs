// The add-on's manifest, the files it names, module imports (inside the add-on or the shared
// package, nothing from the Outlook add-in), and the .xpi build (the shared package copied in).
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { EXT_DIR, ROOT, SHARED_DIR } from "./helpers.mjs";

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

/** Problems of the references in `dir`'s .js and .html files: each relative and resolving inside `allowed` dirs. */
function referenceProblems(dir, allowed) {
  const problems = [];
  for (const file of allFiles(dir)) {
    const text = fs.readFileSync(file, "utf8");
    const refs = file.endsWith(".html")
      ? [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
      : file.endsWith(".js") ? [...text.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]) : [];
    for (const ref of refs) {
      // Module imports must be relative ("./x.js"); pages may name files beside them ("dialog.js"). Nothing remote.
      if (/^[a-z]+:|^\//i.test(ref) || (file.endsWith(".js") && !ref.startsWith("."))) { problems.push(`${path.relative(dir, file)}: not relative: ${ref}`); continue; }
      const target = path.resolve(path.dirname(file), ref);
      if (!allowed.some((d) => target.startsWith(d + path.sep)) || !fs.existsSync(target)) problems.push(`${path.relative(dir, file)}: ${ref}`);
    }
    if (file.endsWith(".html")) {
      for (const m of text.matchAll(/<script\b([^>]*)>/g)) {
        if (!/type="module"/.test(m[1])) problems.push(`${path.relative(dir, file)}: script without type="module"`);
      }
    }
  }
  return problems;
}

test("every file the manifest and pages name exists; every import resolves inside the add-on or extension/shared", () => {
  const named = [manifest.background.page, manifest.options_ui.page, ...Object.values(manifest.icons), "dialog/dialog.html"];
  for (const rel of named) assert.ok(fs.existsSync(path.join(EXT_DIR, rel)), rel);
  assert.deepEqual(referenceProblems(EXT_DIR, [EXT_DIR, SHARED_DIR]), []);
  // The shared package imports only itself.
  assert.deepEqual(referenceProblems(SHARED_DIR, [SHARED_DIR]), []);
});

test("the dialog page asks the shared renderer for the stable ids end-to-end tests use", () => {
  const html = fs.readFileSync(path.join(EXT_DIR, "dialog/dialog.html"), "utf8");
  assert.match(html, /<body data-state="loading"/);
  const js = fs.readFileSync(path.join(EXT_DIR, "dialog/dialog.js"), "utf8");
  for (const [id, key] of [["cancel", "buttonCancel"], ["send", "buttonSend"], ["close", "buttonClose"]]) {
    assert.match(js, new RegExp(`\\{ id: "${id}", labelKey: "${key}"`), id);
  }
  assert.match(js, /primary: \{ id: "send", labelKey: "buttonSend", countdownKey: "buttonSendCountdown" \}/);
  assert.match(js, /cancellable: true/);
});

test("build-xpi.sh: deterministic archive with the add-on's and the shared files, manifest first, no package.json or README; every import resolves inside it", { skip: spawnSync("sh", ["-c", "command -v zip && command -v unzip"]).status !== 0 && "zip/unzip not installed" }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sendcheck-xpi-"));
  try {
    const a = path.join(dir, "a.xpi");
    const b = path.join(dir, "b.xpi");
    execFileSync(path.join(ROOT, "scripts/build-xpi.sh"), [a], { stdio: "pipe" });
    execFileSync(path.join(ROOT, "scripts/build-xpi.sh"), [b], { stdio: "pipe" });
    assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)), "two builds differ");
    const names = execFileSync("unzip", ["-Z1", a], { encoding: "utf8" }).trim().split("\n");
    const rel = (base, f) => path.relative(base, f).split(path.sep).join("/");
    const packed = (f) => f !== "package.json" && f !== "README.md";
    const expected = [
      ...allFiles(EXT_DIR).map((f) => rel(EXT_DIR, f)).filter(packed),
      ...allFiles(SHARED_DIR).map((f) => rel(SHARED_DIR, f)).filter(packed).map((f) => (f.startsWith("_locales/") ? f : `shared/${f}`)),
    ].sort();
    assert.equal(names[0], "manifest.json");
    assert.deepEqual([...names].sort(), expected);
    const tree = path.join(dir, "tree");
    execFileSync("unzip", ["-q", a, "-d", tree]);
    assert.deepEqual(referenceProblems(tree, [tree]), []);
    assert.ok(fs.readFileSync(path.join(tree, "dialog/dialog.html"), "utf8").includes('href="../shared/dialog.css"'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("pack-xpi.sh's python fallback packs the same files with the same contents", { skip: spawnSync("sh", ["-c", "command -v zip && command -v unzip && command -v python3"]).status !== 0 && "zip/unzip/python3 not installed" }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sendcheck-xpi-"));
  try {
    const a = path.join(dir, "a.xpi");
    const b = path.join(dir, "b.xpi");
    execFileSync(path.join(ROOT, "scripts/build-xpi.sh"), [a], { stdio: "pipe" });
    execFileSync(path.join(ROOT, "tests/e2e/lib/pack-xpi.sh"), [ROOT, b], { stdio: "pipe", env: { ...process.env, PACK_XPI_PYTHON: "1" } });
    const list = (x) => execFileSync("unzip", ["-Z1", x], { encoding: "utf8" }).trim().split("\n");
    assert.deepEqual(list(b), list(a));
    for (const name of list(a)) {
      assert.ok(execFileSync("unzip", ["-p", a, name]).equals(execFileSync("unzip", ["-p", b, name])), name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
