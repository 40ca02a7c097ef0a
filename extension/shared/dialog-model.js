// What the confirm-before-send dialog shows, computed from the engine's confirmation payload
// (docs/protocol.md) — or, when the engine could not be asked, from the draft alone.
//
// Texts: every sentence about the message (flag and warning `message`) comes from the payload,
// already localised by the engine; this module never builds one. It only names the UI chrome
// strings by their _locales key (…Key fields), which the renderer (dialog-view.js) looks up in _locales.
//
// Checkbox ids are stable, for the dialog's DOM and for end-to-end tests:
//   check-warning-<w>            a warning with mustConfirm
//   check-recipient-<g>-<r>      a listed recipient with mustConfirm (group g, recipient r, 0-based)
//   check-group-<g>              the recipients a summarised group only counts (omittedCount > 0)
//   check-attachment-<a>         an attachment with mustConfirm

import { canonicalAddress, canonicalDomain, domainOf, mailboxesOf } from "./address.js";

/** _locales keys of the recipient classes. */
export const CLASS_LABEL_KEYS = {
  internal: "classInternal",
  external: "classExternal",
  trusted: "classTrusted",
  freemail: "classFreemail",
  unverifiable: "classUnverifiable",
  malformed: "classMalformed",
  unknown: "classUnknown",
};

/** _locales keys of the recipient fields. */
export const FIELD_LABEL_KEYS = { to: "fieldTo", cc: "fieldCc", bcc: "fieldBcc" };

/** _locales keys of the warning severities (spoken before the warning). */
export const SEVERITY_LABEL_KEYS = { info: "severityInfo", warning: "severityWarning", danger: "severityDanger" };

/** _locales keys of the line saying why the engine's check did not run (fallback dialog). */
export const FALLBACK_REASON_KEYS = {
  unreachable: "fallbackReasonUnreachable",
  timeout: "fallbackReasonTimeout",
  error: "fallbackReasonError",
  "bad-reply": "fallbackReasonBadReply",
};

/** _locales keys of attachment sizes, by unit. */
export const SIZE_KEYS = { B: "sizeBytes", KB: "sizeKB", MB: "sizeMB", GB: "sizeGB" };

/** Classes shown highlighted (outside the organisation, or not a usable address). */
export const HIGHLIGHTED_CLASSES = new Set(["external", "freemail", "unverifiable", "malformed"]);

/** Flags that describe the domain: shown once for the group, not for each recipient. */
export const DOMAIN_FLAG_CODES = new Set(["internal", "external", "trusted", "freemail"]);

/** Flags that call for attention (styled as alarms). */
export const ALARM_FLAG_CODES = new Set([
  "first-time", "first-time-domain", "lookalike", "unusual-combination", "new-in-thread",
  "blocked", "unverifiable", "malformed",
]);

const FIELDS = new Set(["to", "cc", "bcc"]);
const SEVERITIES = new Set(["info", "warning", "danger"]);

function clampCountdown(seconds) {
  const n = Math.floor(Number(seconds));
  return Number.isFinite(n) ? Math.min(600, Math.max(0, n)) : 0;
}

function flagOf(f, attachment = false) {
  return {
    code: String(f?.code ?? ""),
    message: typeof f?.message === "string" && f.message ? f.message : String(f?.code ?? ""),
    alarm: attachment || ALARM_FLAG_CODES.has(f?.code),
  };
}

/**
 * @typedef {object} DialogRecipient
 * @property {"to"|"cc"|"bcc"} field
 * @property {string} fieldKey         _locales key of the field
 * @property {string} address          canonical address (engine) or as written (fallback)
 * @property {string} addressDisplay   addressUnicode when present, else address
 * @property {string} displayName
 * @property {boolean} mustConfirm
 * @property {string|null} checkboxId  "check-recipient-<g>-<r>" when mustConfirm (never in block mode)
 * @property {boolean} alarm           some flag is an alarm
 * @property {Array<{code: string, message: string, alarm: boolean}>} flags  without the domain flags
 *
 * @typedef {object} DialogGroup
 * @property {string} domain           canonical registrable domain ("" for unverifiable)
 * @property {string} domainDisplay    domainUnicode, else domain
 * @property {string} class            class code ("unknown" in the fallback dialog)
 * @property {string} classKey         _locales key of the class
 * @property {boolean} highlighted     external, freemail, unverifiable, malformed
 * @property {string} description      the engine's message of the group's domain flag, or ""
 * @property {number} recipientCount
 * @property {number} omittedCount     recipients counted but not listed
 * @property {string|null} checkboxId  "check-group-<g>" when omittedCount > 0 (never in block mode)
 * @property {DialogRecipient[]} recipients
 *
 * @typedef {object} DialogModel
 * @property {"check"|"fallback"} kind
 * @property {"confirm"|"block"} mode   block: nothing can be ticked, no Send
 * @property {string} locale
 * @property {number} countdownSeconds  0–600
 * @property {number} recipientCount
 * @property {boolean} truncated
 * @property {{reasonKey: string, reasonArgs: string[]}|null} fallback
 * @property {Array<{code: string, severity: string, severityKey: string, message: string,
 *   mustConfirm: boolean, checkboxId: string|null, bccSuggested: boolean, resolved: boolean}>} warnings
 * @property {DialogGroup[]} groups
 * @property {Array<{name: string, size: number, mustConfirm: boolean, checkboxId: string|null,
 *   flags: Array<{code: string, message: string, alarm: boolean}>}>} attachments
 * @property {boolean} bccSuggested     a bcc-suggested warning is present and not yet resolved
 * @property {number} bccMoved          how many recipients were moved to Bcc (0 before)
 */

/**
 * The dialog model of a confirmation payload.
 *
 * @param {object} payload  result of `check` (verdict, countdownSeconds, groups, attachments, warnings, …)
 * @returns {DialogModel}   mode "block" for verdict block, else "confirm"
 */
export function buildDialogModel(payload) {
  const block = payload?.verdict === "block";
  const warnings = (payload?.warnings ?? []).map((w, i) => {
    const severity = SEVERITIES.has(w?.severity) ? w.severity : "warning";
    const mustConfirm = w?.mustConfirm === true;
    return {
      code: String(w?.code ?? ""),
      severity,
      severityKey: SEVERITY_LABEL_KEYS[severity],
      message: typeof w?.message === "string" && w.message ? w.message : String(w?.code ?? ""),
      mustConfirm,
      checkboxId: mustConfirm && !block ? `check-warning-${i}` : null,
      bccSuggested: w?.code === "bcc-suggested",
      resolved: false,
    };
  });
  const groups = (payload?.groups ?? []).map((g, gi) => {
    const cls = CLASS_LABEL_KEYS[g?.class] ? g.class : "external";
    const listed = g?.recipients ?? [];
    const domainFlag = DOMAIN_FLAG_CODES.has(cls)
      ? (listed[0]?.flags ?? []).find((f) => f?.code === cls) : undefined;
    const omittedCount = Math.max(0, Math.floor(Number(g?.omittedCount) || 0));
    return {
      domain: String(g?.domain ?? ""),
      domainDisplay: String(g?.domainUnicode || g?.domain || ""),
      class: cls,
      classKey: CLASS_LABEL_KEYS[cls],
      highlighted: HIGHLIGHTED_CLASSES.has(cls),
      description: typeof domainFlag?.message === "string" ? domainFlag.message : "",
      recipientCount: Number.isFinite(g?.recipientCount) ? g.recipientCount : listed.length + omittedCount,
      omittedCount,
      checkboxId: omittedCount > 0 && !block ? `check-group-${gi}` : null,
      recipients: listed.map((r, ri) => {
        const field = FIELDS.has(r?.field) ? r.field : "to";
        const flags = (r?.flags ?? []).filter((f) => !DOMAIN_FLAG_CODES.has(f?.code)).map((f) => flagOf(f));
        const mustConfirm = r?.mustConfirm === true;
        return {
          field,
          fieldKey: FIELD_LABEL_KEYS[field],
          address: String(r?.address ?? ""),
          addressDisplay: String(r?.addressUnicode || r?.address || ""),
          displayName: String(r?.displayName ?? ""),
          mustConfirm,
          checkboxId: mustConfirm && !block ? `check-recipient-${gi}-${ri}` : null,
          alarm: flags.some((f) => f.alarm),
          flags,
        };
      }),
    };
  });
  const attachments = (payload?.attachments ?? []).map((a, ai) => {
    const mustConfirm = a?.mustConfirm === true;
    return {
      name: String(a?.name ?? ""),
      size: Number.isFinite(a?.size) ? a.size : 0,
      mustConfirm,
      checkboxId: mustConfirm && !block ? `check-attachment-${ai}` : null,
      flags: (a?.flags ?? []).map((f) => flagOf(f, true)),
    };
  });
  return {
    kind: "check",
    mode: block ? "block" : "confirm",
    locale: String(payload?.locale ?? ""),
    countdownSeconds: clampCountdown(payload?.countdownSeconds),
    recipientCount: Number.isFinite(payload?.recipientCount)
      ? payload.recipientCount : groups.reduce((n, g) => n + g.recipientCount, 0),
    truncated: payload?.truncated === true,
    fallback: null,
    warnings,
    groups,
    attachments,
    bccSuggested: warnings.some((w) => w.bccSuggested),
    bccMoved: 0,
  };
}

/**
 * The `fallback` line of a failed check: which _locales key, with which substitutions.
 * @param {{kind?: string, code?: string, message?: string, timeoutMs?: number}} error  an EngineError (engine-client.js) or any Error
 * @returns {{reasonKey: string, reasonArgs: string[]}}
 *   unreachable → [browser's message]; timeout → [seconds]; error → ["<code>: <message>"]; bad-reply → [detail]
 */
export function fallbackReason(error) {
  const kind = FALLBACK_REASON_KEYS[error?.kind] ? error.kind : "unreachable";
  const message = String(error?.message ?? error ?? "");
  let args;
  if (kind === "timeout") args = [String(Math.round((error?.timeoutMs ?? 0) / 1000))];
  else if (kind === "error") args = [message ? `${error.code}: ${message}` : String(error.code)];
  else args = [message];
  return { reasonKey: FALLBACK_REASON_KEYS[kind], reasonArgs: args };
}

/**
 * The dialog model when the engine could not check the draft (not installed, crashed, timed out,
 * replied with an error): every recipient listed, grouped by domain as written, each with a
 * checkbox to tick; every attachment too; a line saying why. With `failClosed` (a team policy)
 * the dialog blocks instead (mode "block", nothing to tick).
 *
 * @param {object} draft  the draft of docs/protocol.md (to, cc, bcc as mailbox strings; attachments)
 * @param {object} error  why the check failed (see fallbackReason)
 * @param {{failClosed?: boolean, countdownSeconds?: number, locale?: string}} [options]
 * @returns {DialogModel}  kind "fallback", groups of class "unknown" in order of first appearance
 */
export function buildFallbackModel(draft, error, options = {}) {
  const block = options.failClosed === true;
  const groups = [];
  const byDomain = new Map();
  let count = 0;
  for (const field of ["to", "cc", "bcc"]) {
    for (const mb of mailboxesOf(draft?.[field] ?? [])) {
      const written = domainOf(mb.address);
      const key = canonicalDomain(written);
      let group = byDomain.get(key);
      if (!group) {
        const gi = groups.length;
        group = {
          domain: key,
          domainDisplay: written.replace(/\.$/, "").toLowerCase(),
          class: "unknown",
          classKey: CLASS_LABEL_KEYS.unknown,
          highlighted: false,
          description: "",
          recipientCount: 0,
          omittedCount: 0,
          checkboxId: null,
          recipients: [],
          index: gi,
        };
        byDomain.set(key, group);
        groups.push(group);
      }
      const ri = group.recipients.length;
      group.recipients.push({
        field,
        fieldKey: FIELD_LABEL_KEYS[field],
        address: mb.address || mb.text,
        addressDisplay: mb.address || mb.text,
        displayName: mb.displayName,
        mustConfirm: !block,
        checkboxId: block ? null : `check-recipient-${group.index}-${ri}`,
        alarm: false,
        flags: [],
      });
      group.recipientCount++;
      count++;
    }
  }
  for (const g of groups) delete g.index;
  return {
    kind: "fallback",
    mode: block ? "block" : "confirm",
    locale: String(options.locale ?? draft?.locale ?? ""),
    countdownSeconds: clampCountdown(options.countdownSeconds ?? 0),
    recipientCount: count,
    truncated: false,
    fallback: fallbackReason(error),
    warnings: [],
    groups,
    attachments: (draft?.attachments ?? []).map((a, ai) => ({
      name: String(a?.name ?? ""),
      size: Number.isFinite(a?.size) ? a.size : 0,
      mustConfirm: !block,
      checkboxId: block ? null : `check-attachment-${ai}`,
      flags: [],
    })),
    bccSuggested: false,
    bccMoved: 0,
  };
}

/**
 * Ids of the checkboxes that must be ticked before Send, in document order (warnings,
 * then each group's recipients and its group box, then attachments). A resolved warning
 * (bcc-suggested after the move) needs no tick.
 * @param {DialogModel} model
 * @returns {string[]}
 */
export function requiredCheckboxes(model) {
  const ids = [];
  for (const w of model.warnings) if (w.checkboxId && !w.resolved) ids.push(w.checkboxId);
  for (const g of model.groups) {
    for (const r of g.recipients) if (r.checkboxId) ids.push(r.checkboxId);
    if (g.checkboxId) ids.push(g.checkboxId);
  }
  for (const a of model.attachments) if (a.checkboxId) ids.push(a.checkboxId);
  return ids;
}

/**
 * The Send gate: Send is enabled only when every required box is ticked and the countdown has
 * elapsed; never in block mode.
 *
 * @param {DialogModel} model
 * @param {{ticked: Iterable<string>, openedAt: number, now: number}} state
 *        ticked = ids of ticked checkboxes; openedAt/now in ms (Date.now()); the countdown runs from openedAt
 * @returns {{enabled: boolean, remainingTicks: number, remainingSeconds: number, missing: string[]}}
 *          remainingSeconds = whole seconds left, rounded up (0 when elapsed)
 */
export function sendGate(model, state) {
  const ticked = new Set(state?.ticked ?? []);
  const missing = requiredCheckboxes(model).filter((id) => !ticked.has(id));
  const endsAt = (state?.openedAt ?? 0) + model.countdownSeconds * 1000;
  const remainingSeconds = Math.max(0, Math.ceil((endsAt - (state?.now ?? 0)) / 1000));
  return {
    enabled: model.mode !== "block" && missing.length === 0 && remainingSeconds === 0,
    remainingTicks: missing.length,
    remainingSeconds,
    missing,
  };
}

/**
 * The model after the Bcc move (see bcc.js computeBccMove): moved recipients show field
 * "bcc", the bcc-suggested warning is resolved (its box, if any, no longer required).
 * @param {DialogModel} model
 * @param {{moved: Array<{field: string, address: string}>}} move
 * @returns {DialogModel} a new model; the argument is not changed
 */
export function applyBccMoveToModel(model, move) {
  const moved = new Set((move?.moved ?? []).map((m) => m.address));
  return {
    ...model,
    warnings: model.warnings.map((w) => (w.bccSuggested ? { ...w, resolved: true } : w)),
    groups: model.groups.map((g) => ({
      ...g,
      recipients: g.recipients.map((r) => ((r.field === "to" || r.field === "cc") && moved.has(canonicalAddress(r.address))
        ? { ...r, field: "bcc", fieldKey: FIELD_LABEL_KEYS.bcc } : r)),
    })),
    bccSuggested: false,
    bccMoved: moved.size,
  };
}

/**
 * An attachment size for display: which _locales key, with which number.
 * Units of 1024; one decimal from KB on.
 * @param {number} bytes
 * @returns {{key: string, args: string[]}}  e.g. 120345 → {key: "sizeKB", args: ["117.5"]}
 */
export function formatSize(bytes) {
  const n = Math.max(0, Number(bytes) || 0);
  if (n < 1024) return { key: SIZE_KEYS.B, args: [String(Math.floor(n))] };
  if (n < 1024 ** 2) return { key: SIZE_KEYS.KB, args: [(n / 1024).toFixed(1)] };
  if (n < 1024 ** 3) return { key: SIZE_KEYS.MB, args: [(n / 1024 ** 2).toFixed(1)] };
  return { key: SIZE_KEYS.GB, args: [(n / 1024 ** 3).toFixed(1)] };
}
