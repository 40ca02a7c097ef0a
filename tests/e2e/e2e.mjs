// SendCheck end-to-end cases, run by run.sh against a headless Thunderbird it started:
// the real add-on (sendcheck@sendcheck.invalid), the real native host installed with
// `sendcheck install --user`, a driver add-on that composes and sends (driver-ext/), and an SMTP
// sink. The dialog is operated through Marionette (chrome context, pointer actions), as a user
// would: see ../../../shared/thunderbird-e2e/dialog-click/README.md.
//
// Environment (set by run.sh): E2E_WORK, E2E_HOME, E2E_PROFILE, E2E_STATE, E2E_SINK, SENDCHECK,
// E2E_RESULTS (where "passed failed" is written), E2E_TIMEOUT (s, whole run).
// Prints one line per check; the caller prints the summary.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DialogDriver, sleep, waitFor } from "./lib/dialog.mjs";
import { Marionette } from "./lib/marionette.mjs";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run tests/e2e/run.sh)`);
  return v;
};
const WORK = env("E2E_WORK"), HOME = env("E2E_HOME"), PROFILE = env("E2E_PROFILE");
const STATE = env("E2E_STATE"), SINK = env("E2E_SINK"), SENDCHECK = env("SENDCHECK");
const RESULTS = env("E2E_RESULTS");
// "main": cases (a)-(e); "policy": case (f) or (g), Thunderbird started with a policies.json (run.sh 7.)
const PHASE = process.env.E2E_PHASE || "main";
const WATCHDOG_S = Number(process.env.E2E_TIMEOUT || 150);

const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`;
const log = (...a) => console.log(stamp(), ...a);
let passed = 0, failed = 0;
const failures = [];
function check(ok, what, detail = "") {
  if (ok) passed += 1;
  else { failed += 1; failures.push(what); }
  log(ok ? "PASS" : "FAIL", what, ok || !detail ? "" : `-- ${detail}`);
  return ok;
}
function saveResults() { fs.writeFileSync(RESULTS, `${passed} ${failed}\n`); }
const watchdog = setTimeout(() => {
  check(false, `whole run finished within ${WATCHDOG_S} s`);
  saveResults();
  process.exit(1);
}, WATCHDOG_S * 1000);

// ---- the sendcheck CLI, with the same HOME as Thunderbird (so the same history and settings) --
function sendcheck(args, { allowFail = false } = {}) {
  try {
    const out = execFileSync(SENDCHECK, args, {
      env: { HOME, LANG: "C.UTF-8", PATH: "/usr/bin:/bin" }, encoding: "utf8", timeout: 20000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { status: 0, out };
  } catch (e) {
    if (!allowFail) throw new Error(`sendcheck ${args.join(" ")}: exit ${e.status}: ${e.stderr || e.message}`);
    return { status: e.status ?? -1, out: String(e.stdout || ""), err: String(e.stderr || "") };
  }
}
const FROM = "E2E Tester <tester@example.test>";
function flagsFor(address) {
  const file = path.join(WORK, `draft-${address.replace(/[^a-z0-9]/gi, "_")}.json`);
  fs.writeFileSync(file, JSON.stringify({ from: FROM, to: [address], subject: "probe", body: "probe" }));
  const payload = JSON.parse(sendcheck(["check", file]).out);
  for (const g of payload.groups) for (const r of g.recipients) if (r.address === address) return r.flags.map((f) => f.code);
  return null;
}
const historyMessages = () => JSON.parse(sendcheck(["history", "stats"]).out).messages;

// ---- SMTP sink ---------------------------------------------------------------------------------
const sinkMessages = () => {
  try {
    return fs.readFileSync(path.join(SINK, "smtp.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  } catch { return []; }
};

// ---- driver add-on (through its native host's command folder) ----------------------------------
const driverEvents = () => {
  try {
    return fs.readFileSync(path.join(STATE, "driver.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  } catch { return []; }
};
let cmdSeq = 0;
function send(draft, timeoutMs = 90000) {
  const n = ++cmdSeq;
  const cmd = { type: "send", n, timeoutMs, ...draft };
  const file = path.join(STATE, "cmd", `${String(n).padStart(4, "0")}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file + ".tmp", JSON.stringify(cmd));
  fs.renameSync(file + ".tmp", file);
  return n;
}
const resultOf = (n) => driverEvents().find((e) => e.type === "result" && e.n === n) || null;
const waitResult = (n, ms) => waitFor(() => resultOf(n), ms, `driver result #${n}`);

// ---- Marionette and the dialog (lib/dialog.mjs) -------------------------------------------------
let m, ui;
const dialogs = () => ui.dialogs();
const isOpen = (handle) => ui.isOpen(handle);
const waitForDialog = (ms, seen) => ui.waitForDialog(ms, seen);
const dialogState = () => ui.state();
const click = (selector, opts) => ui.click(selector, opts);
const tickAll = () => ui.tickAll();

// ---- cases -------------------------------------------------------------------------------------
async function caseInternalKnown() {
  log("--- (a) internal and known recipients: sent without a dialog");
  const before = sinkMessages().length;
  const n = send({ to: ["Colleague <colleague@example.test>"], cc: ["boss@example.test"],
    subject: "e2e (a) internal known", body: "Lunch at noon?" }, 45000);
  let dialogSeen = false;
  const result = await waitFor(async () => {
    if ((await dialogs()).length) dialogSeen = true;
    return resultOf(n);
  }, 50000, "result of (a)", 250).catch((e) => ({ ok: false, error: e.message }));
  check(result.ok, "(a) compose.sendMessage resolved", result.error);
  check(!dialogSeen, "(a) no dialog opened");
  const arrived = await waitFor(() => sinkMessages().length > before, 10000, "message at the sink").catch(() => false);
  const msg = sinkMessages()[before];
  check(arrived && msg.rcpt.some((r) => r.includes("colleague@example.test")),
    "(a) the message arrived at the SMTP sink (to colleague@example.test)", JSON.stringify(msg));
  await ui.closeAll(); // leave nothing open for the next case
}

async function caseExternalSend() {
  log("--- (b) an external first-time recipient: dialog, tick every box, Send");
  const who = "newclient@client.test";
  check((flagsFor(who) || []).includes("first-time"), `(b) before: sendcheck check flags ${who} first-time`);
  const messagesBefore = historyMessages();
  const before = sinkMessages().length;
  const n = send({ to: [`New Client <${who}>`], cc: ["colleague@example.test"],
    subject: "e2e (b) external, Send", body: "Nice to meet you." });
  const d = await waitForDialog(30000);
  let s = await dialogState();
  check(s.mode === "confirm" && s.kind !== "fallback", "(b) the engine's confirm dialog opened", JSON.stringify(s));
  check(s.recipients.includes(who) && s.flags.includes("first-time"), "(b) it lists the recipient, flagged first-time", JSON.stringify(s));
  check(s.required.length > 0 && s.sendVisible && s.sendDisabled, "(b) boxes to tick, Send disabled until they are", JSON.stringify(s));
  await click("#send");
  await sleep(400);
  check(sinkMessages().length === before && await isOpen(d.handle), "(b) clicking the disabled Send does nothing");
  s = await tickAll();
  check(s.required.every((b) => b.checked) && !s.sendDisabled, "(b) every box ticked: Send enabled", JSON.stringify(s));
  await click("#send", { closesDialog: true });
  const result = await waitResult(n, 20000).catch((e) => ({ ok: false, error: e.message }));
  check(result.ok, "(b) compose.sendMessage resolved after Send", result.error);
  const arrived = await waitFor(() => sinkMessages().length > before, 10000, "message at the sink").catch(() => false);
  check(arrived && sinkMessages()[before].rcpt.some((r) => r.includes(who)), "(b) the message arrived at the SMTP sink");
  check(await waitFor(async () => !(await isOpen(d.handle)), 10000, "dialog closed").catch(() => false), "(b) the dialog closed");
  // record-sent runs after the send (onAfterSend): the recipient becomes known.
  const known = await waitFor(() => {
    const f = flagsFor(who);
    return f && !f.includes("first-time") ? f : null;
  }, 15000, "record-sent", 500).catch(() => null);
  check(known !== null, `(b) afterwards sendcheck check no longer flags ${who} first-time (record-sent)`, String(flagsFor(who)));
  check(historyMessages() === messagesBefore + 1, "(b) the history holds one more message");
}

async function caseExternalCancel() {
  log("--- (c) an external first-time recipient: dialog, tick every box, Cancel");
  const who = "second@client.test";
  const messagesBefore = historyMessages();
  const before = sinkMessages().length;
  const n = send({ to: [who], subject: "e2e (c) external, Cancel", body: "Hello." });
  const d = await waitForDialog(30000);
  const s = await tickAll();
  check(s.mode === "confirm" && s.recipients.includes(who), "(c) the confirm dialog opened for the recipient", JSON.stringify(s));
  await click("#cancel", { closesDialog: true });
  const result = await waitResult(n, 20000).catch((e) => ({ ok: true, error: e.message }));
  check(!result.ok, "(c) compose.sendMessage was rejected (send cancelled)", JSON.stringify(result));
  check(await waitFor(async () => !(await isOpen(d.handle)), 10000, "dialog closed").catch(() => false), "(c) the dialog closed");
  await sleep(1500);
  check(sinkMessages().length === before, "(c) nothing arrived at the SMTP sink");
  check(historyMessages() === messagesBefore && (flagsFor(who) || []).includes("first-time"),
    "(c) history unchanged: still first-time");
}

async function caseBlocked() {
  log("--- (d) a blocked domain (settings blockedDomains): not sent");
  const before = sinkMessages().length;
  const messagesBefore = historyMessages();
  const n = send({ to: ["someone@blocked.test"], subject: "e2e (d) blocked", body: "Hello." }, 30000);
  const result = await waitResult(n, 35000).catch((e) => ({ ok: true, error: e.message }));
  check(!result.ok && !/TIMEOUT/.test(result.error || ""), "(d) compose.sendMessage was rejected at once", JSON.stringify(result));
  const d = await waitForDialog(10000).catch(() => null);
  if (d) {
    const s = await dialogState();
    check(s.mode === "block" && !s.sendVisible, "(d) the dialog says it is blocked, no Send button", JSON.stringify(s));
    await click("#close", { closesDialog: true });
    await waitFor(async () => !(await isOpen(d.handle)), 10000, "block dialog closed").catch(() => {});
  } else {
    check(false, "(d) a block dialog opened");
  }
  await sleep(1000);
  check(sinkMessages().length === before, "(d) nothing arrived at the SMTP sink");
  check(historyMessages() === messagesBefore, "(d) history unchanged");
}

async function caseHostGone() {
  log("--- (e) the host is unregistered (sendcheck uninstall --user): fallback dialog");
  const un = sendcheck(["uninstall", "--user"], { allowFail: true });
  check(un.status === 0 && !fs.existsSync(path.join(HOME, ".mozilla/native-messaging-hosts/sendcheck.json")),
    "(e) sendcheck uninstall --user removed the manifest", un.err || un.out);
  const before = sinkMessages().length;
  const n = send({ to: ["colleague@example.test"], subject: "e2e (e) host gone", body: "Lunch?" });
  const d = await waitForDialog(30000).catch((e) => { check(false, "(e) a dialog opened", e.message); return null; });
  if (!d) return;
  let s = await dialogState();
  check(s.kind === "fallback" && s.fallbackReason.trim().length > 0, "(e) it is the fallback dialog and says why", JSON.stringify(s));
  check(s.recipients.includes("colleague@example.test") && s.required.length > 0 && s.required.every((b) => !b.checked),
    "(e) it lists the recipient, unticked", JSON.stringify(s));
  s = await tickAll();
  await click("#send", { closesDialog: true });
  const result = await waitResult(n, 20000).catch((e) => ({ ok: false, error: e.message }));
  check(result.ok, "(e) after ticking and Send the message is sent", result.error);
  check(await waitFor(() => sinkMessages().length > before, 10000, "message at the sink").catch(() => false),
    "(e) the message arrived at the SMTP sink");
}

// (f)/(g): run.sh started Thunderbird with a policies.json giving the add-on failClosed
// E2E_POLICY_FAILCLOSED (3rdparty.Extensions) and force-installing it (ExtensionSettings) into a
// new profile; the host's manifest points to a missing executable, so the add-on never had an
// answer from the engine: the managed value is the only failClosed it can know.
async function caseManagedPolicy() {
  const tag = `(${process.env.E2E_POLICY_CASE || "f"})`;
  const failClosed = process.env.E2E_POLICY_FAILCLOSED === "true";
  log(`--- ${tag} policies.json: 3rdparty failClosed ${failClosed} for the add-on, host missing:`,
    failClosed ? "blocked" : "fallback dialog");
  // What Thunderbird's policy engine made of the file, as about:policies shows it (active
  // policies; errors = console messages of the policy modules, and the recorded failures).
  const p = await m.chrome(`
    const id = "sendcheck@sendcheck.invalid";
    const { PolicyFailures } = ChromeUtils.importESModule("resource://gre/modules/PoliciesHelpers.sys.mjs");
    const prefixes = ["Enterprise Policies", "JsonSchemaValidator", "Policies", "Enterprise Policies Child"];
    const events = Cc["@mozilla.org/consoleAPI-storage;1"].getService(Ci.nsIConsoleAPIStorage).getEvents();
    const { AddonManager } = ChromeUtils.importESModule("resource://gre/modules/AddonManager.sys.mjs");
    const a = await AddonManager.getAddonByID(id);
    return {
      status: Services.policies.status, active: Services.policies.status == Ci.nsIEnterprisePolicies.ACTIVE,
      policies: Services.policies.getActivePolicies() ?? {},
      extensionPolicy: Services.policies.getExtensionPolicy(id),
      canDisable: Services.policies.isAllowed("disable-extension:" + id),
      canUninstall: Services.policies.isAllowed("uninstall-extension:" + id),
      addon: a ? { active: a.isActive, version: a.version } : null,
      failures: PolicyFailures.getAll(),
      errors: events.filter((e) => prefixes.includes(e.prefix)).map((e) => e.prefix + ": " + e.arguments.map(String).join(" ")),
    };`);
  log("policy engine:", JSON.stringify({ status: p.status, extensionPolicy: p.extensionPolicy, failures: p.failures, errors: p.errors }));
  check(p.active, `${tag} Thunderbird's policy engine is active (policies.json read)`, JSON.stringify(p));
  check(p.policies["3rdparty"]?.Extensions?.["sendcheck@sendcheck.invalid"]?.failClosed === failClosed
    && p.extensionPolicy?.failClosed === failClosed,
  `${tag} 3rdparty.Extensions gives the add-on {failClosed: ${failClosed}} (getExtensionPolicy: storage.managed's source)`,
  JSON.stringify({ policies: p.policies, extensionPolicy: p.extensionPolicy }));
  check(p.addon?.active && p.canDisable === false && p.canUninstall === false,
    `${tag} ExtensionSettings force_installed applied: SendCheck active, cannot be disabled or removed`, JSON.stringify(p));
  const ours = /3rdparty|ExtensionSettings|sendcheck@sendcheck\.invalid/i;
  const ourErrors = [
    ...Object.entries(p.failures).filter(([k, v]) => ours.test(k) || v.some((x) => ours.test(x))).map((e) => JSON.stringify(e)),
    ...p.errors.filter((e) => ours.test(e))];
  check(ourErrors.length === 0, `${tag} no policy error about 3rdparty, ExtensionSettings or the add-on (about:policies)`,
    ourErrors.join("; "));

  const before = sinkMessages().length;
  const n = send({ to: ["colleague@example.test"], subject: `e2e ${tag} policy failClosed ${failClosed}`, body: "Lunch?" }, 30000);
  const d = await waitForDialog(30000).catch(() => null);
  if (!d) {
    check(false, `${tag} a dialog opened`);
    return;
  }
  const s = await dialogState();
  const says = s.fallbackReason.trim().length > 0;
  log("dialog:", JSON.stringify({ heading: s.heading, intro: s.intro, reason: s.fallbackReason }));
  if (failClosed) {
    const result = await waitResult(n, 10000).catch((e) => ({ ok: true, error: e.message }));
    check(!result.ok && !/TIMEOUT/.test(result.error || ""), `${tag} compose.sendMessage was rejected at once`, JSON.stringify(result));
    check(s.kind === "fallback" && s.mode === "block", `${tag} the fallback dialog in block mode (failClosed from the policy)`, JSON.stringify(s));
    check(!s.sendVisible && s.closeVisible && s.required.length === 0, `${tag} no Send button, nothing to tick, only Close`, JSON.stringify(s));
    check(/organisation does not allow sending/i.test(s.intro) && says,
      `${tag} it says why: the organisation requires the check, and the engine could not be started`, JSON.stringify(s));
    await click("#close", { closesDialog: true });
  } else {
    check(s.kind === "fallback" && s.mode === "confirm" && says, `${tag} the fallback dialog (confirm mode) and says why`, JSON.stringify(s));
    check(s.sendVisible && s.recipients.includes("colleague@example.test") && s.required.length > 0
      && s.required.every((b) => !b.checked), `${tag} it lists the recipient, unticked, with a Send button`, JSON.stringify(s));
    await click("#cancel", { closesDialog: true });
    const result = await waitResult(n, 20000).catch((e) => ({ ok: true, error: e.message }));
    check(!result.ok, `${tag} Cancel: compose.sendMessage was rejected`, JSON.stringify(result));
  }
  await waitFor(async () => !(await isOpen(d.handle)), 10000, "dialog closed").catch(() => {});
  await sleep(1500);
  check(sinkMessages().length === before, `${tag} nothing arrived at the SMTP sink`);
}

// ---- main --------------------------------------------------------------------------------------
async function main() {
  if (PHASE === "main") {
    const doctor = sendcheck(["doctor"], { allowFail: true });
    check(doctor.status === 0 && /host hello:\s+ok/.test(doctor.out), "sendcheck doctor: everything ok before the run",
      doctor.out + (doctor.err || ""));
  }

  const portFile = path.join(PROFILE, "MarionetteActivePort");
  const port = Number(await waitFor(() => fs.existsSync(portFile) && fs.readFileSync(portFile, "utf8").trim(),
    60000, "Thunderbird's Marionette port (MarionetteActivePort)", 250));
  m = await Marionette.connect(port);
  ui = new DialogDriver(m);
  const session = await m.cmd("WebDriver:NewSession", { capabilities: {} });
  log("Marionette:", session.capabilities.browserName, session.capabilities.browserVersion, "port", port);
  await m.cmd("Marionette:SetContext", { value: "chrome" });

  const ready = await waitFor(() => driverEvents().find((e) => e.type === "ready"), 60000, "driver add-on ready")
    .catch((e) => { check(false, "driver add-on started", e.message); return null; });
  if (!ready) return;
  log("driver ready; identities:", JSON.stringify(ready.identities));
  const addonState = () => m.chrome(`
    const { AddonManager } = ChromeUtils.importESModule("resource://gre/modules/AddonManager.sys.mjs");
    const a = await AddonManager.getAddonByID("sendcheck@sendcheck.invalid");
    return a ? { version: a.version, active: a.isActive, signed: a.signedState, sourceURI: a.sourceURI?.spec ?? null,
                 installSource: a.installTelemetryInfo?.source ?? null } : null;`);
  if (PHASE === "policy") {
    // a new profile: SendCheck comes only from ExtensionSettings force_installed (install_url)
    const addon = await waitFor(async () => { const a = await addonState(); return a?.active ? a : null; },
      20000, "SendCheck installed by the policy", 250).catch(() => null);
    check(addon?.installSource === "enterprise-policy" && addon.sourceURI === `file://${process.env.E2E_POLICY_XPI}`,
      "the policy installed SendCheck from install_url (unsigned .xpi, force_installed) and it is active",
      JSON.stringify(addon ?? await addonState()));
    // its background page has run (and registered compose.onBeforeSend)
    const bg = await waitFor(() => m.chrome(`
      const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
      return ExtensionParent.GlobalManager.getExtension("sendcheck@sendcheck.invalid")?.backgroundState === "running";`),
    20000, "SendCheck background running", 250).catch(() => false);
    check(bg, "SendCheck's background page is running");
    await sleep(300);
  } else {
    const addon = await addonState();
    check(addon && addon.active, "the SendCheck add-on is installed and active", JSON.stringify(addon));
    await sleep(500);
  }

  const cases = PHASE === "policy" ? [caseManagedPolicy]
    : [caseInternalKnown, caseExternalSend, caseExternalCancel, caseBlocked, caseHostGone];
  for (const c of cases) {
    try {
      await c();
    } catch (e) {
      check(false, `${c.name} ran to the end`, e.stack || e.message);
      await ui.closeAll(); // so the next case starts clean
    }
  }
  await m.cmd("WebDriver:DeleteSession").catch(() => {});
  m.close();
}

main().catch((e) => check(false, "e2e harness", e.stack || e.message)).finally(() => {
  clearTimeout(watchdog);
  saveResults();
  if (failures.length) log(`failed: ${failures.join("; ")}`);
  process.exit(failed ? 1 : 0);
});
