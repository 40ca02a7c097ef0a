// The one renderer (extension/shared/dialog-view.js) over a DOM double: the page both add-ins
// build, the rows and boxes of a payload, the Send gate with its countdown line, the keyboard,
// Move-to-Bcc, block and fallback; Thunderbird's buttons (Send, Cancel, Close) and Outlook's
// (Confirm only, not cancellable).
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { shared, fixture, SHARED_DIR } from "./helpers.mjs";
import { fakeDocument } from "./dom-double.mjs";

const { buildDialogPage, localizeStatic, showDialog } = await shared("dialog-view.js");
const { buildDialogModel, buildFallbackModel, requiredCheckboxes } = await shared("dialog-model.js");
const { computeBccMove } = await shared("bcc.js");
const { createGetMessage } = await shared("i18n.js");
const { EngineError } = await shared("engine-client.js");

const messages = (l) => JSON.parse(fs.readFileSync(path.join(SHARED_DIR, "_locales", l, "messages.json"), "utf8"));
const en = createGetMessage(messages("en"));

const THUNDERBIRD = {
  hintKey: "keyboardHint",
  buttons: [{ id: "cancel", labelKey: "buttonCancel" }, { id: "send", labelKey: "buttonSend", primary: true }, { id: "close", labelKey: "buttonClose", hidden: true }],
};
const OUTLOOK = { buttons: [{ id: "confirm", labelKey: "buttonConfirm", primary: true }] };

/** A dialog on a fresh page; `clock.t` is the time the renderer sees. */
function open(layout, options) {
  const doc = fakeDocument();
  buildDialogPage(doc, layout);
  localizeStatic(doc, options.getMessage ?? en);
  const clock = { t: 1_000_000 };
  const decisions = [];
  const primary = layout === OUTLOOK
    ? { id: "confirm", labelKey: "buttonConfirm", countdownKey: "buttonConfirmCountdown" }
    : { id: "send", labelKey: "buttonSend", countdownKey: "buttonSendCountdown" };
  const view = showDialog(doc, {
    getMessage: en, primary, cancellable: layout === THUNDERBIRD, now: () => clock.t,
    onDecide: (send, extra) => decisions.push([send, extra]), ...options,
  });
  const $ = (id) => doc.getElementById(id);
  const tickAll = () => { for (const id of requiredCheckboxes(view.model())) if (!$(id).checked) $(id).click(); };
  return { doc, $, view, clock, decisions, tickAll };
}

test("the page: the same ids for both add-ins, every text localised, in ja too", () => {
  for (const [layout, ids] of [[THUNDERBIRD, ["cancel", "send", "close"]], [OUTLOOK, ["confirm"]]]) {
    for (const l of ["en", "ja"]) {
      const doc = fakeDocument();
      buildDialogPage(doc, layout);
      localizeStatic(doc, createGetMessage(messages(l)));
      for (const id of ["dialog", "heading", "intro", "subject-line", "subject", "fallback-reason", "warnings-section", "warnings",
        "recipients-section", "groups", "attachments-section", "attachments", "gate-status", "countdown", ...ids]) {
        assert.ok(doc.getElementById(id), `${id}`);
      }
      for (const node of doc.querySelectorAll("[data-i18n]")) assert.notEqual(node.textContent, "", node.getAttribute("data-i18n"));
      for (const id of ids) assert.equal(doc.getElementById(id).getAttribute("data-testid"), id);
    }
  }
  const doc = fakeDocument();
  buildDialogPage(doc, THUNDERBIRD);
  assert.equal(doc.getElementById("send").disabled, true);
  assert.equal(doc.getElementById("close").hidden, true);
  assert.equal(doc.querySelectorAll(".hint").length, 1);
});

test("confirm: boxes to tick, the countdown line, Enter, Move-to-Bcc, Send (Thunderbird)", () => {
  const payload = fixture("payload-bcc.json");
  const move = computeBccMove(fixture("draft-bcc.json"), payload);
  const { doc, $, view, clock, decisions, tickAll } = open(THUNDERBIRD, {
    model: buildDialogModel(payload), subject: "見積書の送付", bccMove: { count: move.moved.length, moved: move.moved },
  });
  assert.deepEqual([doc.body.dataset.state, doc.body.dataset.mode, doc.body.dataset.kind], ["ready", "confirm", "check"]);
  assert.equal($("heading").textContent, en("dialogHeadingConfirm"));
  assert.equal($("subject").textContent, "見積書の送付");
  assert.equal($("subject-line").hidden, false);
  const required = requiredCheckboxes(view.model());
  assert.ok(required.length > 2);
  assert.deepEqual(doc.querySelectorAll("input[data-required]").map((n) => n.id), required);
  assert.equal(doc.activeElement, $(required[0]), "the first box has the focus");
  assert.equal($("send").disabled, true);
  assert.equal($("countdown").hidden, false);
  assert.equal($("countdown").textContent, en("gateCountdown", ["3"]));
  assert.equal($("send").textContent, en("buttonSendCountdown", ["3"]));

  // Enter with boxes left: no decision, the focus goes to the first box still to tick.
  $(required[0]).click();
  $("heading").focus();
  assert.equal(doc.keydown("Enter").defaultPrevented, true);
  assert.equal(doc.activeElement, $(required[1]));
  assert.deepEqual(decisions, []);

  // Move to Bcc: the external To/Cc rows become Bcc, the warning is resolved, the ticks stay.
  $("move-to-bcc").click();
  assert.equal($("move-to-bcc").disabled, true);
  assert.equal($("bcc-status").textContent, en("bccMoved", [String(move.moved.length)]));
  assert.equal(doc.querySelectorAll("li.warning").find((n) => n.getAttribute("data-code") === "bcc-suggested").className.includes("resolved"), true);
  assert.equal($(required[0]).checked, true);
  const partner = doc.querySelectorAll("li.recipient").find((n) => n.getAttribute("data-address") === "suzuki@partner.example");
  assert.equal(partner.getAttribute("data-field"), "bcc");

  tickAll();
  assert.equal($("send").disabled, true, "the countdown still runs");
  assert.equal($("gate-status").textContent, "");
  clock.t += 3000;
  $(required[0]).dispatch("change");
  assert.equal($("send").disabled, false);
  assert.equal(doc.body.dataset.sendEnabled, "true");
  assert.equal($("countdown").hidden, true);
  assert.equal($("gate-status").textContent, en("gateReady"));
  assert.equal($("send").textContent, en("buttonSend"));

  // Enter on a button is the button's own; elsewhere it sends.
  doc.keydown("Enter", $("move-to-bcc"));
  assert.deepEqual(decisions, []);
  doc.keydown("Enter", $(required[0]));
  assert.deepEqual(decisions, [[true, { moveToBcc: true }]]);
  assert.equal(doc.body.dataset.state, "decided");
  assert.equal($("send").disabled, true);
  $("cancel").click();
  assert.equal(decisions.length, 1, "one decision only");
});

test("Escape and Cancel answer 'do not send' in Thunderbird; Outlook's pane has neither", () => {
  const payload = fixture("payload-reconfirm.json");
  const tb = open(THUNDERBIRD, { model: buildDialogModel(payload) });
  tb.doc.keydown("Escape");
  assert.deepEqual(tb.decisions, [[false, { moveToBcc: false }]]);
  const tb2 = open(THUNDERBIRD, { model: buildDialogModel(payload) });
  tb2.$("cancel").click();
  assert.deepEqual(tb2.decisions, [[false, { moveToBcc: false }]]);
  tb2.view.finish();

  const ol = open(OUTLOOK, { model: buildDialogModel({ ...payload, countdownSeconds: 0 }) });
  ol.doc.keydown("Escape");
  assert.deepEqual(ol.decisions, []);
  assert.equal(ol.$("confirm").textContent, en("buttonConfirm"));
  ol.tickAll();
  ol.$("confirm").click();
  assert.deepEqual(ol.decisions, [[true, { moveToBcc: false }]]);
  assert.equal(ol.$("confirm").disabled, true);
  // The confirmation could not be stored: the pane is usable again, with the ticks kept.
  ol.view.resume();
  assert.equal(ol.doc.body.dataset.state, "ready");
  assert.equal(ol.$("confirm").disabled, false);
  ol.$("confirm").click();
  assert.equal(ol.decisions.length, 2);
  assert.deepEqual(Object.keys(ol.view.state()).sort(), ["now", "openedAt", "ticked"]);
});

test("no Move-to-Bcc button without a move", () => {
  const { $, view } = open(THUNDERBIRD, { model: buildDialogModel(fixture("payload-bcc.json")), bccMove: null });
  assert.equal($("move-to-bcc"), null);
  view.finish();
});

test("block: nothing to tick, no Send; Close in Thunderbird", () => {
  const tb = open(THUNDERBIRD, { model: buildDialogModel(fixture("payload-block.json")) });
  assert.equal(tb.doc.body.dataset.mode, "block");
  assert.equal(tb.$("heading").textContent, en("dialogHeadingBlock"));
  assert.deepEqual(tb.doc.querySelectorAll("input.confirm"), []);
  assert.deepEqual([tb.$("send").hidden, tb.$("cancel").hidden, tb.$("close").hidden], [true, true, false]);
  tb.doc.keydown("Enter");
  assert.deepEqual(tb.decisions, []);
  tb.$("close").click();
  assert.deepEqual(tb.decisions, [[false, { moveToBcc: false }]]);
  const ol = open(OUTLOOK, { model: buildDialogModel(fixture("payload-block.json")) });
  assert.equal(ol.$("confirm").hidden, true);
});

test("fallback: the reason, every recipient and attachment to tick", () => {
  const draft = fixture("draft-reconfirm.json");
  const error = new EngineError("timeout", "host.timeout", "x", 10_000);
  const { doc, $, view } = open(OUTLOOK, { model: buildFallbackModel(draft, error) });
  assert.equal(doc.body.dataset.kind, "fallback");
  assert.equal($("heading").textContent, en("dialogHeadingFallback"));
  assert.equal($("intro").textContent, en("fallbackIntro"));
  assert.equal($("fallback-reason").hidden, false);
  assert.equal($("fallback-reason").textContent, en("fallbackReasonTimeout", ["10"]));
  assert.equal(doc.querySelectorAll("input.confirm").length, requiredCheckboxes(view.model()).length);
  const closed = open(OUTLOOK, { model: buildFallbackModel(draft, error, { failClosed: true }) });
  assert.equal(closed.$("intro").textContent, en("fallbackBlocked"));
  assert.equal(closed.$("confirm").hidden, true);
});
