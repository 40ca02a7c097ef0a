// The confirm-before-send dialog. It renders the model the background prepared (see
// ../common/dialog-model.js), lets the user tick every required box, and answers Send or Cancel.
// Keyboard: Tab through the boxes and buttons, Space ticks, Enter sends (when allowed; else it
// moves to the first box still to tick), Escape cancels.

import { applyBccMoveToModel, formatSize, requiredCheckboxes, sendGate } from "../common/dialog-model.js";
import { uiLocale } from "../common/draft.js";

const params = new URLSearchParams(location.search);
const dialogId = params.get("id");
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("data") || k.startsWith("aria") || k === "role" || k === "for" || k === "id" || k === "type" || k === "tabindex") node.setAttribute(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v === true ? "true" : String(v));
    else node[k] = v;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
};

let model = null;
let bccMove = null;
let openedAt = 0;
let decided = false;
let timer = null;

function localizeStatic() {
  document.documentElement.lang = uiLocale(browser.i18n.getUILanguage());
  for (const node of document.querySelectorAll("[data-i18n]")) {
    node.textContent = browser.i18n.getMessage(node.dataset.i18n);
  }
}

function checkbox(id, describedBy) {
  return el("input", {
    type: "checkbox", id, dataTestid: id, dataRequired: true, class: "confirm",
    ariaDescribedby: describedBy || null,
  });
}

function flagList(id, flags) {
  if (!flags.length) return null;
  return el("ul", { class: "flags", id },
    flags.map((f) => el("li", { class: f.alarm ? "flag alarm" : "flag", dataCode: f.code, text: f.message })));
}

function renderWarnings() {
  const list = $("warnings");
  list.replaceChildren();
  model.warnings.forEach((w, i) => {
    const severity = el("span", { class: "severity", text: `${browser.i18n.getMessage(w.severityKey)}: ` });
    const text = el("span", { class: "message", id: `warning-text-${i}`, text: w.message });
    const body = w.checkboxId && !w.resolved
      ? el("label", { class: "line" }, checkbox(w.checkboxId), severity, text)
      : el("div", { class: "line" }, el("span", { class: "nobox", ariaHidden: "true" }), severity, text);
    const item = el("li", {
      class: `warning severity-${w.severity}${w.resolved ? " resolved" : ""}`,
      dataTestid: `warning-${i}`, dataCode: w.code,
    }, body);
    if (w.bccSuggested && bccMove && model.mode === "confirm") {
      const button = el("button", {
        type: "button", id: "move-to-bcc", dataTestid: "move-to-bcc",
        text: browser.i18n.getMessage("buttonMoveToBcc"), disabled: model.bccMoved > 0,
      });
      button.addEventListener("click", moveToBcc);
      item.append(el("div", { class: "actions" }, button,
        el("span", { id: "bcc-status", role: "status", text: model.bccMoved > 0 ? browser.i18n.getMessage("bccMoved", [String(model.bccMoved)]) : "" })));
    }
    list.append(item);
  });
  $("warnings-section").hidden = model.warnings.length === 0;
}

function recipientLine(r, gi, ri) {
  const flagsId = r.flags.length ? `flags-${gi}-${ri}` : null;
  const who = [
    el("span", { class: `field field-${r.field}`, text: browser.i18n.getMessage(r.fieldKey) }),
    r.displayName ? el("span", { class: "name", text: r.displayName }) : null,
    el("span", { class: "address", text: r.displayName ? `<${r.addressDisplay}>` : r.addressDisplay }),
  ];
  const line = r.checkboxId
    ? el("label", { class: "line" }, checkbox(r.checkboxId, flagsId), who)
    : el("div", { class: "line" }, el("span", { class: "nobox", ariaHidden: "true" }), who);
  return el("li", {
    class: `recipient${r.alarm ? " alarm" : ""}`, dataTestid: `recipient-${gi}-${ri}`,
    dataAddress: r.address, dataField: r.field,
  }, line, flagList(flagsId, r.flags));
}

function renderGroups() {
  const box = $("groups");
  box.replaceChildren();
  model.groups.forEach((g, gi) => {
    const headingId = `group-heading-${gi}`;
    const section = el("section", {
      class: `group class-${g.class}${g.highlighted ? " highlighted" : ""}`,
      dataTestid: `group-${gi}`, dataClass: g.class, dataDomain: g.domain, ariaLabelledby: headingId,
    },
    el("h3", { id: headingId },
      el("span", { class: "badge", text: browser.i18n.getMessage(g.classKey) }),
      el("span", { class: "domain", text: g.domainDisplay || "—" }),
      el("span", { class: "count", text: browser.i18n.getMessage("groupCount", [String(g.recipientCount)]) })),
    g.description ? el("p", { class: "description", text: g.description }) : null,
    el("ul", { class: "items" }, g.recipients.map((r, ri) => recipientLine(r, gi, ri))));
    if (g.omittedCount > 0) {
      const text = browser.i18n.getMessage("groupOmitted", [String(g.omittedCount), g.domainDisplay || "—"]);
      section.append(g.checkboxId
        ? el("label", { class: "line omitted", dataTestid: `omitted-${gi}` }, checkbox(g.checkboxId), el("span", { text }))
        : el("p", { class: "line omitted", dataTestid: `omitted-${gi}`, text }));
    }
    box.append(section);
  });
  $("recipients-section").hidden = model.groups.length === 0;
}

function renderAttachments() {
  const list = $("attachments");
  list.replaceChildren();
  model.attachments.forEach((a, ai) => {
    const size = formatSize(a.size);
    const flagsId = a.flags.length ? `attachment-flags-${ai}` : null;
    const who = [
      el("span", { class: "name", text: a.name }),
      el("span", { class: "size", text: browser.i18n.getMessage(size.key, size.args) }),
    ];
    const line = a.checkboxId
      ? el("label", { class: "line" }, checkbox(a.checkboxId, flagsId), who)
      : el("div", { class: "line" }, el("span", { class: "nobox", ariaHidden: "true" }), who);
    list.append(el("li", { class: `attachment${a.flags.length ? " alarm" : ""}`, dataTestid: `attachment-${ai}`, dataName: a.name },
      line, flagList(flagsId, a.flags)));
  });
  $("attachments-section").hidden = model.attachments.length === 0;
}

function ticked() {
  return [...document.querySelectorAll("input.confirm:checked")].map((c) => c.id);
}

function update() {
  if (!model) return;
  const send = $("send");
  if (model.mode === "block") {
    send.hidden = true;
    $("cancel").hidden = true;
    $("close").hidden = false;
    return;
  }
  const gate = sendGate(model, { ticked: ticked(), openedAt, now: Date.now() });
  send.disabled = decided || !gate.enabled;
  send.textContent = gate.remainingSeconds > 0
    ? browser.i18n.getMessage("buttonSendCountdown", [String(gate.remainingSeconds)])
    : browser.i18n.getMessage("buttonSend");
  $("gate-status").textContent = gate.remainingTicks > 0
    ? browser.i18n.getMessage("gateRemaining", [String(gate.remainingTicks)])
    : (gate.remainingSeconds > 0 ? "" : browser.i18n.getMessage("gateReady"));
  const countdown = $("countdown");
  countdown.hidden = gate.remainingSeconds === 0;
  countdown.textContent = gate.remainingSeconds > 0 ? browser.i18n.getMessage("gateCountdown", [String(gate.remainingSeconds)]) : "";
  document.body.dataset.sendEnabled = String(!send.disabled);
  if (gate.remainingSeconds === 0 && timer) {
    clearInterval(timer);
    timer = null;
  }
}

function renderAll() {
  const keep = new Set(ticked());
  renderWarnings();
  renderGroups();
  renderAttachments();
  for (const id of keep) { const box = $(id); if (box) box.checked = true; }
  update();
}

function moveToBcc() {
  if (!bccMove || model.bccMoved > 0) return;
  model = applyBccMoveToModel(model, bccMove);
  renderAll();
  $("move-to-bcc")?.focus();
}

async function decide(send) {
  if (decided) return;
  if (send && !sendGate(model, { ticked: ticked(), openedAt, now: Date.now() }).enabled) return;
  decided = true;
  document.body.dataset.state = "decided";
  for (const b of document.querySelectorAll("button")) b.disabled = true;
  try {
    await browser.runtime.sendMessage({ type: "sendcheck:dialog-decision", id: dialogId, send, moveToBcc: model?.bccMoved > 0 });
  } finally {
    // The background closes this window; if it is gone (add-on reloaded), close it here.
    setTimeout(() => window.close(), 3000);
  }
}

function onKeyDown(event) {
  if (!model || decided || event.repeat) return;
  if (event.key === "Escape") {
    event.preventDefault();
    decide(false);
    return;
  }
  if (event.key !== "Enter" || event.target instanceof HTMLButtonElement || model.mode === "block") return;
  event.preventDefault();
  const gate = sendGate(model, { ticked: ticked(), openedAt, now: Date.now() });
  if (gate.enabled) decide(true);
  else if (gate.missing.length) $(gate.missing[0])?.focus();
}

async function main() {
  localizeStatic();
  const view = dialogId ? await browser.runtime.sendMessage({ type: "sendcheck:dialog-get", id: dialogId }).catch(() => null) : null;
  if (!view?.model) {
    $("heading").textContent = browser.i18n.getMessage("dialogGone");
    document.body.dataset.state = "gone";
    $("send").hidden = true;
    $("cancel").hidden = true;
    $("close").hidden = false;
    $("close").addEventListener("click", () => window.close());
    return;
  }
  model = view.model;
  bccMove = view.bccMove;
  document.body.dataset.mode = model.mode;
  document.body.dataset.kind = model.kind;

  if (model.kind === "fallback") {
    $("heading").textContent = browser.i18n.getMessage("dialogHeadingFallback");
    $("intro").textContent = model.mode === "block"
      ? browser.i18n.getMessage("fallbackBlocked")
      : browser.i18n.getMessage("fallbackIntro");
    const reason = $("fallback-reason");
    reason.textContent = browser.i18n.getMessage(model.fallback.reasonKey, model.fallback.reasonArgs);
    reason.hidden = false;
  } else if (model.mode === "block") {
    $("heading").textContent = browser.i18n.getMessage("dialogHeadingBlock");
    $("intro").textContent = browser.i18n.getMessage("blockIntro");
  } else {
    $("heading").textContent = browser.i18n.getMessage("dialogHeadingConfirm");
    $("intro").textContent = requiredCheckboxes(model).length
      ? browser.i18n.getMessage("confirmIntro")
      : browser.i18n.getMessage("confirmIntroNoTicks");
  }
  if (view.subject) {
    $("subject").textContent = view.subject;
    $("subject-line").hidden = false;
  }

  renderAll();
  openedAt = Date.now();
  update();
  if (model.countdownSeconds > 0) timer = setInterval(update, 250);

  document.addEventListener("change", (event) => { if (event.target.matches?.("input.confirm")) update(); });
  document.addEventListener("keydown", onKeyDown);
  $("send").addEventListener("click", () => decide(true));
  $("cancel").addEventListener("click", () => decide(false));
  $("close").addEventListener("click", () => decide(false));

  const first = requiredCheckboxes(model)[0];
  if (first) $(first).focus();
  else $("heading").focus();
  document.body.dataset.state = "ready";
}

main().catch((e) => {
  console.error("SendCheck dialog:", e);
  document.body.dataset.state = "error";
});
