// manifest.xml (well-formed with xmllint when installed; the structure Smart Alerts needs) and
// build.mjs (what is hosted, the shared package copied, the classic-script bundle working in
// a JavaScript-only runtime with the Office.js double); the add-in imports nothing from Thunderbird.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { execFileSync, spawnSync } from "node:child_process";
import { common, shared, fakeItem, fakeFetch, downFetch, payloadFixture, OUTLOOK_DIR, SHARED_DIR, ROOT } from "./office-double.mjs";

const manifestPath = path.join(OUTLOOK_DIR, "manifest.xml");
const manifest = fs.readFileSync(manifestPath, "utf8");
const { TASKPANE_COMMAND_ID } = await common("verdict.js");
const { BRIDGE_ORIGIN } = await shared("engine-client.js");
const { build, bundle } = await import(path.join(OUTLOOK_DIR, "build.mjs"));

test("manifest.xml is well-formed XML (xmllint)", (t) => {
  const probe = spawnSync("xmllint", ["--version"]);
  if (probe.error) return t.skip("xmllint not installed (Debian libxml2-utils)");
  execFileSync("xmllint", ["--noout", manifestPath]);
});

test("manifest.xml: Smart Alerts on Mailbox 1.12 with the handlers, the button and the bridge", () => {
  assert.match(manifest, /<OfficeApp [^>]*xsi:type="MailApp"/);
  assert.match(manifest, /xsi:type="VersionOverridesV1_1"/);
  assert.match(manifest, /<bt:Sets DefaultMinVersion="1\.12">\s*<bt:Set Name="Mailbox"\/>/);
  assert.match(manifest, /<ExtensionPoint xsi:type="LaunchEvent">/);
  assert.match(manifest, /<LaunchEvent Type="OnNewMessageCompose" FunctionName="onNewMessageComposeHandler"\/>/);
  assert.match(manifest, /<LaunchEvent Type="OnMessageSend" FunctionName="onMessageSendHandler" SendMode="SoftBlock"\/>/);
  assert.match(manifest, new RegExp(`<Control xsi:type="Button" id="${TASKPANE_COMMAND_ID}">`));
  assert.match(manifest, /<Action xsi:type="ShowTaskpane">/);
  assert.match(manifest, /<Override type="javascript" resid="LaunchEventJs.Url"\/>/);
  assert.ok(manifest.includes(`<AppDomain>${BRIDGE_ORIGIN}</AppDomain>`));
  assert.match(manifest, /<Permissions>ReadWriteItem<\/Permissions>/);
  const launch = fs.readFileSync(path.join(OUTLOOK_DIR, "src/launchevent.js"), "utf8");
  for (const name of ["onNewMessageComposeHandler", "onMessageSendHandler"]) {
    assert.ok(launch.includes(`Office.actions.associate("${name}"`), name);
  }
});

test("manifest.xml: every resid is defined once, every URL is https and points at a file of the build", () => {
  const defined = [...manifest.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(defined).size, defined.length);
  for (const [, id] of manifest.matchAll(/resid="([^"]+)"/g)) assert.ok(defined.includes(id), id);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sendcheck-outlook-"));
  try {
    const files = build(out);
    const urls = [...manifest.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(urls.length >= 8);
    for (const url of urls) {
      assert.ok(url.startsWith("https://localhost:3000/"), url);
      const rel = url.slice("https://localhost:3000/".length);
      assert.ok(files.includes(rel), `${rel} is not in the build`);
    }
  } finally { fs.rmSync(out, { recursive: true, force: true }); }
});

function allFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== "dist") allFiles(p, out); } else out.push(p);
  }
  return out;
}

test("the add-in's references stay inside extension/outlook or extension/shared, never Thunderbird", () => {
  const problems = [];
  for (const file of allFiles(path.join(OUTLOOK_DIR, "src"))) {
    const text = fs.readFileSync(file, "utf8");
    const refs = [...text.matchAll(/(?:from\s+|(?:src|href)=)"(\.[^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) {
      const target = path.resolve(path.dirname(file), ref);
      if (![OUTLOOK_DIR, SHARED_DIR].some((d) => target.startsWith(d + path.sep)) || !fs.existsSync(target)) problems.push(`${path.relative(OUTLOOK_DIR, file)}: ${ref}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("build: the shared package is copied, not forked; --origin rewrites the manifest", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sendcheck-outlook-"));
  try {
    const files = build(out, "https://addins.example.co.jp");
    const sharedFiles = allFiles(SHARED_DIR).map((f) => path.relative(path.join(ROOT, "extension"), f).split(path.sep).join("/"))
      .filter((f) => !f.endsWith("package.json") && !f.endsWith("README.md"));
    for (const f of ["shared/dialog-model.js", "shared/dialog-view.js", "shared/address.js", "shared/_locales/ja/messages.json", "shared/dialog.css"]) {
      assert.ok(sharedFiles.includes(f), f);
    }
    for (const f of sharedFiles) {
      assert.ok(files.includes(f), f);
      assert.deepEqual(fs.readFileSync(path.join(out, f)), fs.readFileSync(path.join(ROOT, "extension", f)));
    }
    assert.ok(!files.some((f) => f.startsWith("thunderbird/")), "nothing of the Thunderbird add-on is hosted");
    // Every relative reference of the hosted modules and pages resolves inside the build.
    for (const f of files.filter((x) => /\.(js|html)$/.test(x) && !x.endsWith(".bundle.js"))) {
      for (const [, spec] of fs.readFileSync(path.join(out, f), "utf8").matchAll(/(?:from\s+|(?:src|href)=)"(\.[^"]+)"/g)) {
        assert.ok(fs.existsSync(path.resolve(path.dirname(path.join(out, f)), spec)), `${f} → ${spec}`);
      }
    }
    const built = fs.readFileSync(path.join(out, "outlook/manifest.xml"), "utf8");
    assert.ok(!built.includes("localhost:3000"));
    assert.match(built, /https:\/\/addins\.example\.co\.jp\/outlook\/src\/taskpane\.html/);
  } finally { fs.rmSync(out, { recursive: true, force: true }); }
});

function runBundle(item, fetch, displayLanguage = "en-US", roaming = {}) {
  const handlers = {};
  const Office = {
    actions: { associate: (name, fn) => { handlers[name] = fn; } },
    context: {
      displayLanguage,
      mailbox: { item },
      roamingSettings: { get: (k) => roaming[k], set: (k, v) => { roaming[k] = v; }, saveAsync: () => {} },
    },
  };
  vm.runInNewContext(bundle(path.join(OUTLOOK_DIR, "src/launchevent.js")), {
    Office, fetch, console, TextEncoder, setTimeout, clearTimeout, AbortController,
  });
  const fire = (name) => new Promise((resolve) => handlers[name]({ completed: (options) => resolve(options ?? null) }));
  return { handlers, fire, roaming };
}

test("bundle: classic script (no modules) that registers both handlers and decides a Send", async () => {
  const code = bundle(path.join(OUTLOOK_DIR, "src/launchevent.js"));
  assert.ok(!/^\s*(import|export)\s/m.test(code));
  assert.ok(!code.includes("import.meta"), "the messages are inlined, not fetched");
  const it = fakeItem({ to: [{ displayName: "", emailAddress: "suzuki@partner.example" }] });
  const fetch = fakeFetch((req) => (req.type === "check" ? payloadFixture("payload-reconfirm.json")
    : req.type === "hello" ? { settings: { failClosed: { value: true, layer: "policy", locked: true } } } : {}));
  const run = runBundle(it, fetch, "ja-JP");
  assert.deepEqual(Object.keys(run.handlers).sort(), ["onMessageSendHandler", "onNewMessageComposeHandler"]);
  assert.equal(await run.fire("onNewMessageComposeHandler"), null);
  assert.equal(run.roaming["sendcheck.failClosed"], true, "failClosed learned from hello");
  const options = await run.fire("onMessageSendHandler");
  assert.equal(options.allowEvent, false);
  assert.equal(options.commandId, TASKPANE_COMMAND_ID);
  assert.match(options.errorMessage, /^SendCheck：/);
});

test("bundle: the bridge down with a fail-closed policy learned earlier blocks without Send anyway", async () => {
  const it = fakeItem({ to: [{ displayName: "", emailAddress: "suzuki@partner.example" }] });
  const run = runBundle(it, downFetch(), "en-US", { "sendcheck.failClosed": true });
  const options = await run.fire("onMessageSendHandler");
  assert.equal(options.allowEvent, false);
  assert.equal(options.sendModeOverride, undefined);
  const open = await runBundle(it, downFetch(), "en-US", {}).fire("onMessageSendHandler");
  assert.equal(open.sendModeOverride, "promptUser");
});
