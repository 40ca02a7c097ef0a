// The one renderer of the confirm-before-send dialog, for the Thunderbird dialog window and the
// Outlook task pane: it draws a dialog model (dialog-model.js) into a page that has the element
// ids below, runs the Send gate (ticks, countdown line), the keyboard and the Move-to-Bcc button,
// and reports the user's decision. Texts come from the getMessage passed in (browser.i18n.getMessage
// in Thunderbird, createGetMessage over the same _locales in Outlook).
//
// buildDialogPage makes the page (the same on both): #heading, #intro, #subject-line with #subject,
// #fallback-reason, #warnings-section/#warnings, #recipients-section/#groups,
// #attachments-section/#attachments, #gate-status, #countdown and the buttons the add-in asks for
// (Thunderbird: #cancel, #send, #close; Outlook: #confirm). body[data-state] (loading → ready →
// decided), body[data-mode], body[data-kind] and body[data-send-enabled] are set for tests; ids of
// rows and checkboxes: see dialog-model.js and extension/thunderbird/README.md.
// Keyboard: Tab through the boxes and buttons, Space ticks, Enter presses the primary button (when
// allowed; else it moves to the first box still to tick), Escape cancels (when cancellable).

import { applyBccMoveToModel, formatSize, requiredCheckboxes, sendGate } from "./dialog-model.js";

/**
 * An element: attributes data*, aria*, role, for, id, type, tabindex become (kebab-case)
 * attributes, class and text set className and textContent, others are set as properties;
 * null, undefined and false are left out.
 * @param {Document} doc
 * @param {string} tag
 * @param {object} [attrs]
 * @param {...(Node|string|Array|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function element(doc, tag, attrs = {}, ...children) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("data") || k.startsWith("aria") || k === "role" || k === "for" || k === "id" || k === "type" || k === "tabindex") node.setAttribute(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v === true ? "true" : String(v));
    else node[k] = v;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * Fill every element that has a data-i18n attribute with the text of the key it names.
 * @param {Document} doc
 * @param {(key: string, args?: string[]) => string} getMessage
 * @returns {void}
 */
export function localizeStatic(doc, getMessage) {
  for (const node of doc.querySelectorAll("[data-i18n]")) node.textContent = getMessage(node.dataset.i18n);
}

/**
 * Build the dialog's page in doc.body (replacing what is there), texts from data-i18n keys (see
 * localizeStatic).
 * @param {Document} doc
 * @param {{buttons: Array<{id: string, labelKey: string, primary?: boolean, hidden?: boolean}>,
 *          hintKey?: string}} layout  the footer's buttons in order (a primary one starts
 *          disabled); hintKey: a keyboard hint before them
 * @returns {HTMLElement}  the main element (#dialog)
 */
export function buildDialogPage(doc, layout) {
  const el = (...args) => element(doc, ...args);
  const section = ({ name, headingKey }, list) => el("section", { id: `${name}-section`, ariaLabelledby: `${name}-heading`, hidden: true },
    el("h2", { id: `${name}-heading`, dataI18n: headingKey }), list);
  const main = el("main", { id: "dialog", ariaLabelledby: "heading", ariaDescribedby: "intro" },
    el("header", {},
      el("h1", { id: "heading", tabindex: "-1", dataI18n: "loading", text: "…" }),
      el("p", { id: "intro" }),
      el("p", { id: "subject-line", hidden: true }, el("span", { dataI18n: "subjectLabel" }), " ", el("span", { id: "subject", dataTestid: "subject" })),
      el("p", { id: "fallback-reason", dataTestid: "fallback-reason", role: "alert", hidden: true })),
    section({ name: "warnings", headingKey: "sectionWarnings" }, el("ul", { id: "warnings", class: "items" })),
    section({ name: "recipients", headingKey: "sectionRecipients" }, el("div", { id: "groups" })),
    section({ name: "attachments", headingKey: "sectionAttachments" }, el("ul", { id: "attachments", class: "items" })),
    el("footer", {},
      el("p", { id: "gate-status", dataTestid: "gate-status", role: "status", ariaLive: "polite" }),
      el("p", { id: "countdown", dataTestid: "countdown", hidden: true }),
      el("div", { class: "buttons" },
        layout.hintKey ? el("span", { class: "hint", dataI18n: layout.hintKey }) : null,
        layout.buttons.map((b) => el("button", {
          id: b.id, dataTestid: b.id, type: "button", class: b.primary ? "primary" : null,
          disabled: b.primary === true, hidden: b.hidden === true, dataI18n: b.labelKey,
        })))));
  doc.body.replaceChildren(main);
  return main;
}

/**
 * @typedef {object} DialogOptions
 * @property {import("./dialog-model.js").DialogModel} model
 * @property {(key: string, args?: string[]) => string} getMessage
 * @property {string} [subject]         shown under the heading when not empty
 * @property {{count: number, moved: Array<{field: string, address: string}>}|null} [bccMove]
 *           what Move-to-Bcc would move (bcc.js computeBccMove); the button is offered with the
 *           bcc-suggested warning only when given and not empty
 * @property {{id: string, labelKey: string, countdownKey: string}} primary  the Send/Confirm
 *           button: its id, its _locales label, and its label during the countdown ($1 = seconds)
 * @property {boolean} [cancellable]    Escape, #cancel and #close answer "do not send"
 * @property {(send: boolean, extra: {moveToBcc: boolean}) => (void|Promise<void>)} onDecide
 *           called once: send true by the primary button or Enter when the gate is open; false by
 *           cancel/close/Escape (when cancellable) or Close in block mode
 * @property {() => number} [now]       default Date.now
 */

/**
 * Draw the dialog and run it until the user decides.
 * @param {Document} doc
 * @param {DialogOptions} options
 * @returns {{ticked: () => string[], model: () => object, state: () => object, finish: () => void,
 *            resume: () => void}}
 *   ticked: ids of the ticked boxes; model: the model as shown (after a Bcc move); state: the
 *   sendGate state now ({ticked, openedAt, now}); finish: stop the dialog (buttons and boxes
 *   disabled, body[data-state] "decided"); resume: undo finish after a decision that could not be
 *   carried out (the ticks stay), so the user can try again
 */
export function showDialog(doc, options) {
  const msg = options.getMessage;
  const now = options.now ?? (() => Date.now());
  const $ = (id) => doc.getElementById(id);
  const el = (...args) => element(doc, ...args);
  const primary = $(options.primary.id);
  const bccMove = options.bccMove && options.bccMove.moved?.length ? options.bccMove : null;
  let model = options.model;
  let openedAt = 0;
  let decided = false;
  let timer = null;

  const checkbox = (id, describedBy) => el("input", {
    type: "checkbox", id, dataTestid: id, dataRequired: true, class: "confirm", ariaDescribedby: describedBy || null,
  });
  const nobox = () => el("span", { class: "nobox", ariaHidden: "true" });
  const flagList = (id, flags) => (flags.length
    ? el("ul", { class: "flags", id }, flags.map((f) => el("li", { class: f.alarm ? "flag alarm" : "flag", dataCode: f.code, text: f.message })))
    : null);
  const ticked = () => [...doc.querySelectorAll("input.confirm:checked")].map((c) => c.id);
  const state = () => ({ ticked: ticked(), openedAt, now: now() });
  const gate = () => sendGate(model, state());

  function renderWarnings() {
    $("warnings").replaceChildren(...model.warnings.map((w, i) => {
      const severity = el("span", { class: "severity", text: `${msg(w.severityKey)}: ` });
      const text = el("span", { class: "message", id: `warning-text-${i}`, text: w.message });
      const body = w.checkboxId && !w.resolved
        ? el("label", { class: "line" }, checkbox(w.checkboxId), severity, text)
        : el("div", { class: "line" }, nobox(), severity, text);
      const item = el("li", {
        class: `warning severity-${w.severity}${w.resolved ? " resolved" : ""}`, dataTestid: `warning-${i}`, dataCode: w.code,
      }, body);
      if (w.bccSuggested && bccMove && model.mode === "confirm") {
        const button = el("button", {
          type: "button", id: "move-to-bcc", dataTestid: "move-to-bcc",
          text: msg("buttonMoveToBcc"), disabled: model.bccMoved > 0,
        });
        button.addEventListener("click", moveToBcc);
        item.append(el("div", { class: "actions" }, button,
          el("span", { id: "bcc-status", role: "status", text: model.bccMoved > 0 ? msg("bccMoved", [String(model.bccMoved)]) : "" })));
      }
      return item;
    }));
    $("warnings-section").hidden = model.warnings.length === 0;
  }

  function recipientLine(r, gi, ri) {
    const flagsId = r.flags.length ? `flags-${gi}-${ri}` : null;
    const who = [
      el("span", { class: `field field-${r.field}`, text: msg(r.fieldKey) }),
      r.displayName ? el("span", { class: "name", text: r.displayName }) : null,
      el("span", { class: "address", text: r.displayName ? `<${r.addressDisplay}>` : r.addressDisplay }),
    ];
    const line = r.checkboxId ? el("label", { class: "line" }, checkbox(r.checkboxId, flagsId), who) : el("div", { class: "line" }, nobox(), who);
    return el("li", {
      class: `recipient${r.alarm ? " alarm" : ""}`, dataTestid: `recipient-${gi}-${ri}`, dataAddress: r.address, dataField: r.field,
    }, line, flagList(flagsId, r.flags));
  }

  function renderGroups() {
    $("groups").replaceChildren(...model.groups.map((g, gi) => {
      const headingId = `group-heading-${gi}`;
      const section = el("section", {
        class: `group class-${g.class}${g.highlighted ? " highlighted" : ""}`,
        dataTestid: `group-${gi}`, dataClass: g.class, dataDomain: g.domain, ariaLabelledby: headingId,
      },
      el("h3", { id: headingId },
        el("span", { class: "badge", text: msg(g.classKey) }),
        el("span", { class: "domain", text: g.domainDisplay || "—" }),
        el("span", { class: "count", text: msg("groupCount", [String(g.recipientCount)]) })),
      g.description ? el("p", { class: "description", text: g.description }) : null,
      el("ul", { class: "items" }, g.recipients.map((r, ri) => recipientLine(r, gi, ri))));
      if (g.omittedCount > 0) {
        const text = msg("groupOmitted", [String(g.omittedCount), g.domainDisplay || "—"]);
        section.append(g.checkboxId
          ? el("label", { class: "line omitted", dataTestid: `omitted-${gi}` }, checkbox(g.checkboxId), el("span", { text }))
          : el("p", { class: "line omitted", dataTestid: `omitted-${gi}`, text }));
      }
      return section;
    }));
    $("recipients-section").hidden = model.groups.length === 0;
  }

  function renderAttachments() {
    $("attachments").replaceChildren(...model.attachments.map((a, ai) => {
      const size = formatSize(a.size);
      const flagsId = a.flags.length ? `attachment-flags-${ai}` : null;
      const who = [el("span", { class: "name", text: a.name }), el("span", { class: "size", text: msg(size.key, size.args) })];
      const line = a.checkboxId ? el("label", { class: "line" }, checkbox(a.checkboxId, flagsId), who) : el("div", { class: "line" }, nobox(), who);
      return el("li", { class: `attachment${a.flags.length ? " alarm" : ""}`, dataTestid: `attachment-${ai}`, dataName: a.name },
        line, flagList(flagsId, a.flags));
    }));
    $("attachments-section").hidden = model.attachments.length === 0;
  }

  function update() {
    if (model.mode === "block") {
      primary.hidden = true;
      if ($("cancel")) $("cancel").hidden = true;
      if ($("close")) $("close").hidden = false;
      return;
    }
    const g = gate();
    primary.disabled = decided || !g.enabled;
    primary.textContent = g.remainingSeconds > 0
      ? msg(options.primary.countdownKey, [String(g.remainingSeconds)]) : msg(options.primary.labelKey);
    $("gate-status").textContent = g.remainingTicks > 0
      ? msg("gateRemaining", [String(g.remainingTicks)]) : (g.remainingSeconds > 0 ? "" : msg("gateReady"));
    const countdown = $("countdown");
    countdown.hidden = g.remainingSeconds === 0;
    countdown.textContent = g.remainingSeconds > 0 ? msg("gateCountdown", [String(g.remainingSeconds)]) : "";
    doc.body.dataset.sendEnabled = String(!primary.disabled);
    if (g.remainingSeconds === 0 && timer) {
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

  function finish() {
    decided = true;
    if (timer) { clearInterval(timer); timer = null; }
    doc.body.dataset.state = "decided";
    for (const b of doc.querySelectorAll("button, input.confirm")) b.disabled = true;
  }

  function resume() {
    decided = false;
    doc.body.dataset.state = "ready";
    for (const id of ["cancel", "close"]) if ($(id)) $(id).disabled = false;
    renderAll();
  }

  function decide(send) {
    if (decided) return;
    if (send && !gate().enabled) return;
    finish();
    options.onDecide(send, { moveToBcc: model.bccMoved > 0 });
  }

  function onKeyDown(event) {
    if (decided || event.repeat) return;
    if (event.key === "Escape" && options.cancellable) {
      event.preventDefault();
      decide(false);
      return;
    }
    if (event.key !== "Enter" || event.target?.tagName === "BUTTON" || model.mode === "block") return;
    event.preventDefault();
    const g = gate();
    if (g.enabled) decide(true);
    else if (g.missing.length) $(g.missing[0])?.focus();
  }

  doc.body.dataset.mode = model.mode;
  doc.body.dataset.kind = model.kind;
  if (model.kind === "fallback") {
    $("heading").textContent = msg("dialogHeadingFallback");
    $("intro").textContent = model.mode === "block" ? msg("fallbackBlocked") : msg("fallbackIntro");
    const reason = $("fallback-reason");
    reason.textContent = msg(model.fallback.reasonKey, model.fallback.reasonArgs);
    reason.hidden = false;
  } else if (model.mode === "block") {
    $("heading").textContent = msg("dialogHeadingBlock");
    $("intro").textContent = msg("blockIntro");
  } else {
    $("heading").textContent = msg("dialogHeadingConfirm");
    $("intro").textContent = requiredCheckboxes(model).length ? msg("confirmIntro") : msg("confirmIntroNoTicks");
  }
  if (options.subject) {
    $("subject").textContent = options.subject;
    $("subject-line").hidden = false;
  }

  renderAll();
  openedAt = now();
  update();
  if (model.countdownSeconds > 0) timer = setInterval(update, 250);

  doc.addEventListener("change", (event) => { if (event.target.matches?.("input.confirm")) update(); });
  doc.addEventListener("keydown", onKeyDown);
  primary.addEventListener("click", () => decide(true));
  if (options.cancellable) for (const id of ["cancel", "close"]) $(id)?.addEventListener("click", () => decide(false));
  else $("close")?.addEventListener("click", () => decide(false));

  const first = requiredCheckboxes(model)[0];
  if (first) $(first).focus();
  else $("heading").focus();
  doc.body.dataset.state = "ready";
  return { ticked, model: () => model, state, finish, resume };
}
