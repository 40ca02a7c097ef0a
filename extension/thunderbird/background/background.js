// SendCheck background: holds every send until the engine (native messaging host "sendcheck")
// has checked the draft, shows the confirm-before-send dialog, and records what was sent.
// Thin on purpose: the logic lives in ../common/ and ../../shared/ (pure, tested with node --test).

import { buildAttachment, buildDraft, fromIdentity, HEAD_BYTES, recordDraft, sentDraft, sha256Hex, threadOfMessage } from "../common/draft.js";
import { recipientStrings } from "../../shared/address.js";
import { CHECK_TIMEOUT_MS, checkDraft, createEngineClient, nativeTransport } from "../../shared/engine-client.js";
import { buildDialogModel, buildFallbackModel } from "../../shared/dialog-model.js";
import { computeBccMove } from "../../shared/bcc.js";
import { resolveFailClosed } from "../../shared/fail-closed.js";
import { detectLocale } from "../../shared/i18n.js";
import { sendDecision } from "../../shared/send-decision.js";

const host = createEngineClient(nativeTransport((name, message) => messenger.runtime.sendNativeMessage(name, message)));
const LOCALE = detectLocale(messenger.i18n.getUILanguage());

/** Open dialogs: id → {model, subject, bccMove, windowId, resolve}. */
const dialogs = new Map();
let dialogSeq = 0;

/** Drafts let through by onBeforeSend, waiting for onAfterSend: tabId → sentDraft(draft). */
const sending = new Map();

const log = (...args) => console.warn("SendCheck:", ...args);

// ---- host state ------------------------------------------------------------------------------

/** Asks the host for its settings and keeps them, so that failClosed is known when it is gone. */
async function refreshHello() {
  try {
    const hello = await host.request("hello", {}, { timeoutMs: CHECK_TIMEOUT_MS });
    await messenger.storage.local.set({
      hello: { settings: hello?.settings ?? {}, locked: hello?.locked ?? [], version: hello?.version ?? "", at: Date.now() },
    });
    return hello;
  } catch (e) {
    log("hello failed:", e?.code ?? "", e?.message ?? e);
    return null;
  }
}

async function cachedHello() {
  try {
    return (await messenger.storage.local.get("hello")).hello ?? null;
  } catch {
    return null;
  }
}

/** Settings change (options page, team policy): ask again now and then, after a good check. */
async function refreshHelloIfOld() {
  const at = (await cachedHello())?.at ?? 0;
  if (Date.now() - at > 10 * 60 * 1000) refreshHello();
}

async function failClosed() {
  let managed;
  try {
    managed = (await messenger.storage.managed.get("failClosed"))?.failClosed;
  } catch {
    managed = undefined; // no policy for this add-on
  }
  return resolveFailClosed((await cachedHello())?.settings, managed);
}

function audit(action, draft) {
  host.request("audit.record", { action, draft: recordDraft(draft) }, { timeoutMs: CHECK_TIMEOUT_MS })
    .catch((e) => log(`audit.record ${action} failed:`, e?.code ?? "", e?.message ?? e));
}

// ---- reading the draft -----------------------------------------------------------------------

async function readAttachments(tabId) {
  const list = await messenger.compose.listAttachments(tabId);
  return Promise.all(list.map(async (a) => {
    let file = null;
    try {
      file = await messenger.compose.getAttachmentFile(a.id);
    } catch (e) {
      log("cannot read attachment", a.name, e?.message ?? e); // cloud attachments, removed files
    }
    let head = null;
    let sha256 = null;
    if (file) {
      try {
        // The whole content once: its first bytes for the content checks, its SHA-256 for the
        // audit log (docs/protocol.md "Draft").
        const content = await file.arrayBuffer();
        head = new Uint8Array(content, 0, Math.min(content.byteLength, HEAD_BYTES));
        sha256 = await sha256Hex(content);
      } catch (e) {
        log("cannot read attachment content", a.name, e?.message ?? e);
      }
    }
    return buildAttachment({ name: a.name ?? file?.name, size: a.size ?? file?.size, contentType: file?.type || undefined }, head, sha256);
  }));
}

async function threadOf(details) {
  if (details?.type !== "reply" || !details.relatedMessageId) return {};
  try {
    const header = await messenger.messages.get(details.relatedMessageId);
    // References of the original, so that the reply ties to the whole thread; without them the
    // original's Message-ID alone.
    const full = await messenger.messages.getFull(details.relatedMessageId).catch(() => null);
    return threadOfMessage(header, full);
  } catch (e) {
    log("cannot read the original message", e?.message ?? e);
    return {};
  }
}

async function senderOf(details) {
  if (recipientStrings(details?.from).length || !details?.identityId) return undefined;
  try {
    return fromIdentity(await messenger.identities.get(details.identityId));
  } catch {
    return undefined;
  }
}

async function draftOf(tab, details) {
  const [attachments, thread, from] = await Promise.all([
    readAttachments(tab.id).catch((e) => { log("listAttachments failed", e?.message ?? e); return []; }),
    threadOf(details),
    senderOf(details),
  ]);
  return buildDraft(details, { attachments, ...thread, locale: LOCALE, from });
}

// ---- the dialog ------------------------------------------------------------------------------

/**
 * Opens the dialog and resolves with the user's decision {send, moveToBcc}. Closing the window
 * counts as Cancel; a window that cannot be opened too.
 */
async function showDialog(view) {
  const id = String(++dialogSeq);
  const entry = { ...view, windowId: null, resolve: null };
  const decided = new Promise((resolve) => { entry.resolve = resolve; });
  dialogs.set(id, entry);
  try {
    const win = await messenger.windows.create({
      type: "popup",
      url: `${messenger.runtime.getURL("dialog/dialog.html")}?id=${encodeURIComponent(id)}`,
      width: 720,
      height: 680,
      allowScriptsToClose: true,
    });
    entry.windowId = win.id;
  } catch (e) {
    log("cannot open the dialog", e?.message ?? e);
    entry.resolve({ send: false, moveToBcc: false });
  }
  const decision = await decided;
  dialogs.delete(id);
  if (entry.windowId != null) messenger.windows.remove(entry.windowId).catch(() => {});
  return decision;
}

messenger.runtime.onMessage.addListener((message) => {
  if (message?.type === "sendcheck:dialog-get") {
    const entry = dialogs.get(String(message.id));
    return Promise.resolve(entry ? { model: entry.model, subject: entry.subject, bccMove: entry.bccMove } : null);
  }
  if (message?.type === "sendcheck:dialog-decision") {
    const entry = dialogs.get(String(message.id));
    entry?.resolve({ send: message.send === true, moveToBcc: message.moveToBcc === true });
    return Promise.resolve({ ok: Boolean(entry) });
  }
  return undefined;
});

messenger.windows.onRemoved.addListener((windowId) => {
  for (const entry of dialogs.values()) {
    if (entry.windowId === windowId) entry.resolve({ send: false, moveToBcc: false });
  }
});

// ---- sending ---------------------------------------------------------------------------------

async function onBeforeSend(tab, composeDetails) {
  const details = composeDetails ?? await messenger.compose.getComposeDetails(tab.id);
  sending.delete(tab.id);
  let draft;
  try {
    draft = await draftOf(tab, details);
  } catch (e) {
    log("cannot read the draft", e?.message ?? e);
    draft = buildDraft(details, { locale: LOCALE });
  }

  const outcome = await checkDraft(host, { draft });
  const decision = sendDecision(outcome, outcome.error ? await failClosed() : false);

  if (decision.dialog === "fallback") {
    const failure = outcome.error;
    log("check failed:", failure.code ?? "", failure.message ?? failure);
    const hello = await cachedHello();
    const model = buildFallbackModel(draft, failure, {
      failClosed: decision.action === "block",
      countdownSeconds: hello?.settings?.countdownSeconds?.value ?? 0,
      locale: LOCALE,
    });
    if (decision.action === "block") {
      showDialog({ model, subject: draft.subject, bccMove: null });
      return { cancel: true };
    }
    const answer = await showDialog({ model, subject: draft.subject, bccMove: null });
    if (!answer.send) {
      audit("cancelled", draft);
      return { cancel: true };
    }
    sending.set(tab.id, sentDraft(draft));
    return {};
  }

  refreshHelloIfOld();
  if (decision.action === "send") {
    sending.set(tab.id, sentDraft(draft));
    return {};
  }

  const { payload } = outcome;
  const model = buildDialogModel(payload);
  if (decision.action === "block") {
    audit("blocked", draft);
    showDialog({ model, subject: draft.subject, bccMove: null });
    return { cancel: true };
  }

  const move = model.bccSuggested ? computeBccMove(details, payload) : null;
  const bccMove = move && move.moved.length ? { count: move.moved.length, moved: move.moved } : null;
  const answer = await showDialog({ model, subject: draft.subject, bccMove });

  if (answer.moveToBcc && bccMove) {
    try {
      await messenger.compose.setComposeDetails(tab.id, { to: move.to, cc: move.cc, bcc: move.bcc });
      draft.to = move.to;
      draft.cc = move.cc;
      draft.bcc = move.bcc;
    } catch (e) {
      // Never send with the external recipients visible when the user asked to hide them.
      log("cannot move recipients to Bcc", e?.message ?? e);
      audit("cancelled", draft);
      return { cancel: true };
    }
  }
  if (!answer.send) {
    audit("cancelled", draft);
    return { cancel: true };
  }
  sending.set(tab.id, sentDraft(draft));
  return {};
}

messenger.compose.onBeforeSend.addListener(onBeforeSend);

messenger.compose.onAfterSend.addListener((tab, sendInfo, composeDetails) => {
  let draft = sending.get(tab.id);
  sending.delete(tab.id);
  if (!draft || sendInfo?.error || (sendInfo?.mode !== "sendNow" && sendInfo?.mode !== "sendLater")) return;
  // Should Thunderbird pass the details the message was sent with (requested upstream, bug
  // 1959939), use its final recipients; else the draft as let through (after any Bcc move).
  if (composeDetails && typeof composeDetails === "object" && ("to" in composeDetails || "bcc" in composeDetails)) {
    draft = { ...draft, to: recipientStrings(composeDetails.to), cc: recipientStrings(composeDetails.cc), bcc: recipientStrings(composeDetails.bcc) };
  }
  const params = { draft, date: Math.floor(Date.now() / 1000) };
  if (sendInfo.headerMessageId) params.messageId = sendInfo.headerMessageId;
  host.request("record-sent", params, { timeoutMs: 30_000 })
    .catch((e) => log("record-sent failed:", e?.code ?? "", e?.message ?? e));
});

refreshHello();
