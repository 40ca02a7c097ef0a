// The task pane: the full confirm dialog (shared dialog model of the Thunderbird add-on, shared
// texts of its _locales), opened by the Smart Alerts button (commandId) or from the ribbon. When
// every box is ticked, Confirm stores the confirmation on the item; the next Send passes.

import { formatSize, requiredCheckboxes, sendGate } from "../../thunderbird/common/dialog-model.js";
import { createBridgeClient } from "./common/bridge.js";
import { createGetMessage } from "./common/i18n.js";
import { confirmFromPane, paneMode, paneModel } from "./common/pane.js";
import { checkDraft, collectDraft } from "./common/send-flow.js";
import { officeLocale, text } from "./common/texts.js";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v === true ? "true" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
};

let msg = (key) => key;
let locale = "en";
let model = null;
let data = null;
let openedAt = 0;
let timer = null;

const box = (id, describedBy) => el("input", { type: "checkbox", id, dataTestid: id, dataRequired: true, class: "confirm", ariaDescribedby: describedBy || null });
const plain = () => el("span", { class: "nobox", ariaHidden: "true" });
const flagList = (id, flags) => (flags.length
  ? el("ul", { class: "flags", id }, flags.map((f) => el("li", { class: f.alarm ? "flag alarm" : "flag", dataCode: f.code, text: f.message })))
  : null);

function render() {
  $("warnings").replaceChildren(...model.warnings.map((w, i) => {
    const parts = [el("span", { class: "severity", text: `${msg(w.severityKey)}: ` }), el("span", { class: "message", text: w.message })];
    const line = w.checkboxId ? el("label", { class: "line" }, box(w.checkboxId), parts) : el("div", { class: "line" }, plain(), parts);
    return el("li", { class: `warning severity-${w.severity}`, dataTestid: `warning-${i}`, dataCode: w.code }, line);
  }));
  $("warnings-section").hidden = model.warnings.length === 0;
  $("groups").replaceChildren(...model.groups.map((g, gi) => {
    const section = el("section", { class: `group class-${g.class}${g.highlighted ? " highlighted" : ""}`, dataTestid: `group-${gi}`, dataClass: g.class },
      el("h3", {},
        el("span", { class: "badge", text: msg(g.classKey) }),
        el("span", { class: "domain", text: g.domainDisplay || "—" }),
        el("span", { class: "count", text: msg("groupCount", [String(g.recipientCount)]) })),
      g.description ? el("p", { class: "description", text: g.description }) : null,
      el("ul", { class: "items" }, g.recipients.map((r, ri) => {
        const flagsId = r.flags.length ? `flags-${gi}-${ri}` : null;
        const who = [
          el("span", { class: `field field-${r.field}`, text: msg(r.fieldKey) }),
          r.displayName ? el("span", { class: "name", text: r.displayName }) : null,
          el("span", { class: "address", text: r.displayName ? `<${r.addressDisplay}>` : r.addressDisplay }),
        ];
        const line = r.checkboxId ? el("label", { class: "line" }, box(r.checkboxId, flagsId), who) : el("div", { class: "line" }, plain(), who);
        return el("li", { class: `recipient${r.alarm ? " alarm" : ""}`, dataTestid: `recipient-${gi}-${ri}` }, line, flagList(flagsId, r.flags));
      })));
    if (g.omittedCount > 0) {
      const t = msg("groupOmitted", [String(g.omittedCount), g.domainDisplay || "—"]);
      section.append(g.checkboxId ? el("label", { class: "line omitted" }, box(g.checkboxId), el("span", { text: t })) : el("p", { class: "line omitted", text: t }));
    }
    return section;
  }));
  $("recipients-section").hidden = model.groups.length === 0;
  $("attachments").replaceChildren(...model.attachments.map((a, ai) => {
    const size = formatSize(a.size);
    const flagsId = a.flags.length ? `attachment-flags-${ai}` : null;
    const who = [el("span", { class: "name", text: a.name }), el("span", { class: "size", text: msg(size.key, size.args) })];
    const line = a.checkboxId ? el("label", { class: "line" }, box(a.checkboxId, flagsId), who) : el("div", { class: "line" }, plain(), who);
    return el("li", { class: `attachment${a.flags.length ? " alarm" : ""}`, dataTestid: `attachment-${ai}` }, line, flagList(flagsId, a.flags));
  }));
  $("attachments-section").hidden = model.attachments.length === 0;
}

const ticked = () => [...document.querySelectorAll("input.confirm:checked")].map((c) => c.id);

function update() {
  if (!model || document.body.dataset.state === "confirmed") return;
  const gate = sendGate(model, { ticked: ticked(), openedAt, now: Date.now() });
  $("confirm").disabled = !gate.enabled;
  $("confirm").textContent = gate.remainingSeconds > 0 ? `${text(locale, "paneConfirm")} (${gate.remainingSeconds})` : text(locale, "paneConfirm");
  $("gate-status").textContent = gate.remainingTicks > 0 ? msg("gateRemaining", [String(gate.remainingTicks)])
    : gate.remainingSeconds > 0 ? msg("gateCountdown", [String(gate.remainingSeconds)]) : msg("gateReady");
  if (gate.remainingSeconds === 0 && timer) { clearInterval(timer); timer = null; }
}

async function confirm(item) {
  try {
    if (await confirmFromPane(item, model, data, { ticked: ticked(), openedAt, now: Date.now() })) {
      document.body.dataset.state = "confirmed";
      $("confirm").disabled = true;
      for (const c of document.querySelectorAll("input.confirm")) c.disabled = true;
      $("gate-status").textContent = text(locale, "paneConfirmed");
    }
  } catch (e) {
    $("gate-status").textContent = text(locale, "paneConfirmFailed", String(e?.message ?? e));
  }
}

async function main() {
  locale = officeLocale(Office.context.displayLanguage);
  document.documentElement.lang = locale;
  const messages = await (await fetch(new URL(`../../thunderbird/_locales/${locale}/messages.json`, import.meta.url))).json();
  msg = createGetMessage(messages);
  for (const [id, key] of [["subject-label", "subjectLabel"], ["warnings-heading", "sectionWarnings"], ["recipients-heading", "sectionRecipients"], ["attachments-heading", "sectionAttachments"]]) $(id).textContent = msg(key);
  $("heading").textContent = msg("loading");
  $("confirm").textContent = text(locale, "paneConfirm");

  const item = Office.context.mailbox?.item;
  if (!item?.to?.getAsync) {
    $("heading").textContent = text(locale, "paneNotCompose");
    $("confirm").hidden = true;
    document.body.dataset.state = "not-compose";
    return;
  }
  const collected = await collectDraft(item, locale);
  data = collected.data;
  const outcome = await checkDraft(createBridgeClient(), collected.draft, locale);
  let failClosed = false;
  try { failClosed = Office.context.roamingSettings?.get("sendcheck.failClosed") === true; } catch { /* unknown */ }
  model = paneModel(outcome, collected.draft, { failClosed, locale });
  const mode = paneMode(outcome, model);
  document.body.dataset.mode = mode;
  document.body.dataset.kind = model.kind;

  if (model.kind === "fallback") {
    $("heading").textContent = msg("dialogHeadingFallback");
    $("intro").textContent = msg(model.mode === "block" ? "fallbackBlocked" : "fallbackIntro");
    $("fallback-reason").textContent = msg(model.fallback.reasonKey, model.fallback.reasonArgs);
    $("fallback-reason").hidden = false;
  } else if (mode === "block") {
    $("heading").textContent = msg("dialogHeadingBlock");
    $("intro").textContent = msg("blockIntro");
  } else {
    $("heading").textContent = msg("dialogHeadingConfirm");
    $("intro").textContent = mode === "nothing" ? text(locale, "paneNothingToConfirm")
      : msg(requiredCheckboxes(model).length ? "confirmIntro" : "confirmIntroNoTicks");
  }
  if (data.subject) { $("subject").textContent = data.subject; $("subject-line").hidden = false; }
  render();
  if (mode !== "confirm") $("confirm").hidden = true;
  openedAt = Date.now();
  update();
  if (model.countdownSeconds > 0) timer = setInterval(update, 250);
  document.addEventListener("change", (e) => { if (e.target.matches?.("input.confirm")) update(); });
  $("confirm").addEventListener("click", () => confirm(item));
  document.body.dataset.state = "ready";
}

Office.onReady(() => main().catch((e) => {
  console.error("SendCheck task pane:", e);
  document.body.dataset.state = "error";
  $("gate-status").textContent = String(e?.message ?? e);
}));
