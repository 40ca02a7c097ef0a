// Options page: settings and allowlist are read and written through the host (the engine owns
// them; a team policy may lock keys), and "Learn from my Sent folders" streams Sent headers to
// the host with import-history.

import { createEngineClient, nativeTransport } from "../../shared/engine-client.js";
import { detectLocale } from "../../shared/i18n.js";
import { buildOptionsModel, parseFieldInput } from "../common/options-model.js";
import { findSentFolders, importSentFolders, IMPORT_BATCH_SIZE } from "../common/history-import.js";

const host = createEngineClient(nativeTransport((name, message) => browser.runtime.sendNativeMessage(name, message)));
const $ = (id) => document.getElementById(id);
let form = { fields: [], locked: [] };

function hostErrorText(e) {
  return e?.kind === "error" ? `${e.code}: ${e.message}` : String(e?.message ?? e);
}

function setStatus(id, text, isError = false) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error", isError);
}

// ---- settings --------------------------------------------------------------------------------

function fieldRow(field) {
  const id = `setting-${field.key}`;
  const row = document.createElement("div");
  row.className = `field ${field.type}`;
  row.dataset.key = field.key;
  const label = document.createElement("label");
  label.htmlFor = id;
  let input;
  if (field.type === "bool") {
    input = document.createElement("input");
    input.type = "checkbox";
    input.checked = field.input === true;
    label.append(input, document.createTextNode(browser.i18n.getMessage(field.labelKey)));
    row.append(label);
  } else {
    label.textContent = browser.i18n.getMessage(field.labelKey);
    input = document.createElement(field.type === "list" ? "textarea" : "input");
    if (field.type !== "list") {
      input.type = "text";
      input.inputMode = field.scale ? "decimal" : "numeric";
    }
    input.spellcheck = false;
    input.value = field.input;
    row.append(label, input);
  }
  input.id = id;
  input.dataset.testid = id;
  const notes = [];
  if (field.helpKey) notes.push(Object.assign(document.createElement("div"), { className: "help", id: `${id}-help`, textContent: browser.i18n.getMessage(field.helpKey) }));
  if (field.locked) {
    input.disabled = true;
    notes.push(Object.assign(document.createElement("div"), { className: "locked-note", id: `${id}-locked`, textContent: browser.i18n.getMessage("lockedNote") }));
  }
  const error = Object.assign(document.createElement("div"), { className: "error", id: `${id}-error` });
  error.setAttribute("role", "alert");
  notes.push(error);
  input.setAttribute("aria-describedby", notes.map((n) => n.id).filter(Boolean).join(" "));
  row.append(...notes);
  return row;
}

function renderSettings(explain) {
  form = buildOptionsModel(explain);
  $("settings-fields").replaceChildren(...form.fields.map(fieldRow));
  $("settings-save").disabled = form.fields.every((f) => f.locked);
}

async function loadSettings() {
  renderSettings(await host.request("settings.get"));
}

async function saveSettings(event) {
  event.preventDefault();
  setStatus("settings-status", "");
  let failed = false;
  let changed = 0;
  for (const field of form.fields) {
    if (field.locked) continue;
    const input = $(`setting-${field.key}`);
    const errorNode = $(`setting-${field.key}-error`);
    errorNode.textContent = "";
    const parsed = parseFieldInput(field, field.type === "bool" ? input.checked : input.value);
    if (!parsed.ok) {
      errorNode.textContent = browser.i18n.getMessage(parsed.errorKey, parsed.errorArgs);
      failed = true;
      continue;
    }
    if (JSON.stringify(parsed.value) === JSON.stringify(field.value)) continue;
    try {
      await host.request("settings.set", { key: field.key, value: parsed.value });
      changed++;
    } catch (e) {
      errorNode.textContent = browser.i18n.getMessage("saveError", [hostErrorText(e)]);
      failed = true;
    }
  }
  if (changed) {
    try {
      await loadSettings();
    } catch (e) {
      setStatus("settings-status", browser.i18n.getMessage("hostError", [hostErrorText(e)]), true);
      return;
    }
  }
  if (failed) setStatus("settings-status", browser.i18n.getMessage("saveFailed"), true);
  else setStatus("settings-status", browser.i18n.getMessage("saved"));
}

// ---- allowlist -------------------------------------------------------------------------------

const entryText = (e) => (typeof e === "string" ? e : String(e?.entry ?? e?.address ?? e?.domain ?? e?.value ?? ""));

function renderAllowlist(entries) {
  const list = $("allowlist");
  list.replaceChildren();
  if (!entries.length) {
    list.append(Object.assign(document.createElement("li"), { className: "note", textContent: browser.i18n.getMessage("allowlistEmpty") }));
    return;
  }
  entries.forEach((e, i) => {
    const text = entryText(e);
    const li = document.createElement("li");
    const span = Object.assign(document.createElement("span"), { className: "entry", id: `allowlist-entry-${i}`, textContent: text });
    const button = Object.assign(document.createElement("button"), { type: "button", textContent: browser.i18n.getMessage("buttonRemove") });
    button.dataset.testid = `allowlist-remove-${i}`;
    button.setAttribute("aria-describedby", span.id);
    button.addEventListener("click", () => changeAllowlist("allowlist.remove", text));
    li.append(span, button);
    list.append(li);
  });
}

async function loadAllowlist() {
  renderAllowlist((await host.request("allowlist.list"))?.entries ?? []);
}

async function changeAllowlist(type, entry) {
  setStatus("allowlist-status", "");
  try {
    const result = await host.request(type, { entry });
    renderAllowlist(result?.entries ?? []);
    if (type === "allowlist.add") $("allowlist-entry").value = "";
  } catch (e) {
    setStatus("allowlist-status", browser.i18n.getMessage("allowlistError", [hostErrorText(e)]), true);
  }
}

// ---- history import --------------------------------------------------------------------------

let accounts = [];
let stopRequested = false;

async function loadAccounts() {
  accounts = await browser.accounts.list(true);
  const box = $("import-accounts");
  for (const node of [...box.querySelectorAll("label, p")]) node.remove();
  for (const account of accounts) {
    const sentCount = findSentFolders([account]).length;
    const label = document.createElement("label");
    const input = Object.assign(document.createElement("input"), { type: "checkbox", value: account.id, checked: sentCount > 0, disabled: sentCount === 0 });
    input.dataset.testid = `import-account-${account.id}`;
    label.append(input, document.createTextNode(` ${account.name} `),
      Object.assign(document.createElement("span"), { className: "note", textContent: browser.i18n.getMessage("importSentFolderCount", [String(sentCount)]) }));
    box.append(label);
  }
  if (!accounts.length) box.append(Object.assign(document.createElement("p"), { className: "note", textContent: browser.i18n.getMessage("importNoAccounts") }));
}

async function folderTotal(folder) {
  try {
    const info = await browser.folders.getFolderInfo(folder.id ?? folder);
    return Number(info?.totalMessageCount) || 0;
  } catch {
    return 0;
  }
}

async function runImport() {
  const chosen = new Set([...$("import-accounts").querySelectorAll("input:checked")].map((i) => i.value));
  const folders = findSentFolders(accounts.filter((a) => chosen.has(a.id))).map((f) => f.folder);
  if (!folders.length) {
    setStatus("import-status", browser.i18n.getMessage("importNoSent"), true);
    return;
  }
  stopRequested = false;
  $("import-start").disabled = true;
  $("import-stop").hidden = false;
  const progress = $("import-progress");
  const total = (await Promise.all(folders.map(folderTotal))).reduce((a, b) => a + b, 0);
  progress.max = Math.max(1, total);
  progress.value = 0;
  progress.hidden = false;
  setStatus("import-status", "");
  try {
    const result = await importSentFolders({
      folders,
      list: (folder) => browser.messages.list(folder.id ?? folder),
      continueList: (id) => browser.messages.continueList(id),
      abortList: (id) => browser.messages.abortList?.(id),
      send: (messages) => host.request("import-history", { messages }, { timeoutMs: 120_000 }),
      batchSize: IMPORT_BATCH_SIZE,
      isCancelled: () => stopRequested,
      onProgress: ({ messages }) => {
        progress.max = Math.max(progress.max, messages, 1);
        progress.value = messages;
        setStatus("import-status", browser.i18n.getMessage("importProgress", [String(messages), String(Math.max(total, messages))]));
      },
    });
    const line = browser.i18n.getMessage("importResult",
      [String(result.read), String(result.added), String(result.alreadyImported), String(result.skipped)]);
    setStatus("import-status", result.cancelled ? `${browser.i18n.getMessage("importStopped")} ${line}` : line);
  } catch (e) {
    setStatus("import-status", browser.i18n.getMessage("importError", [hostErrorText(e)]), true);
  } finally {
    $("import-start").disabled = false;
    $("import-stop").hidden = true;
  }
}

// ---- start -----------------------------------------------------------------------------------

async function main() {
  document.documentElement.lang = detectLocale(browser.i18n.getUILanguage());
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = browser.i18n.getMessage(node.dataset.i18n);
  $("settings-form").addEventListener("submit", saveSettings);
  $("allowlist-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const entry = $("allowlist-entry").value.trim();
    if (entry) changeAllowlist("allowlist.add", entry);
  });
  $("import-start").addEventListener("click", runImport);
  $("import-stop").addEventListener("click", () => { stopRequested = true; });

  try {
    const hello = await host.request("hello");
    setStatus("host-status", browser.i18n.getMessage("hostConnected", [String(hello?.version ?? "")]));
    await browser.storage.local.set({
      hello: { settings: hello?.settings ?? {}, locked: hello?.locked ?? [], version: hello?.version ?? "", at: Date.now() },
    });
    await Promise.all([loadSettings(), loadAllowlist()]);
  } catch (e) {
    setStatus("host-status", browser.i18n.getMessage("hostError", [hostErrorText(e)]), true);
    for (const node of document.querySelectorAll("#settings-section button, #allowlist-section button, #allowlist-section input, #import-section button")) node.disabled = true;
  }
  await loadAccounts().catch((e) => setStatus("import-status", String(e?.message ?? e), true));
  document.body.dataset.state = "ready";
}

main();
