// A test double of the Office.js compose item (Office.context.mailbox.item) and of the bridge,
// plus paths and fixtures for the Outlook add-in's tests (node --test tests/extension-outlook/).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TESTS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(TESTS_DIR, "../..");
export const OUTLOOK_DIR = path.join(ROOT, "extension/outlook");
export const SHARED_DIR = path.join(ROOT, "extension/shared");

/** The add-in's ES module under extension/outlook/src/common. */
export function common(name) {
  return import(path.join(OUTLOOK_DIR, "src/common", name));
}

/** A module of the shared package (extension/shared). */
export function shared(name) {
  return import(path.join(SHARED_DIR, name));
}

/** A real engine payload (tests/extension-shared/fixtures/payload-*.json). */
export function payloadFixture(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "tests/extension-shared/fixtures", name), "utf8"));
}

const { createGetMessage } = await shared("i18n.js");
const { createEngineClient, httpTransport, CHECK_TIMEOUT_MS } = await shared("engine-client.js");

/** getMessage over the shared _locales of one locale (what messages.js loads in Outlook). */
export function messagesOf(locale) {
  return createGetMessage(JSON.parse(fs.readFileSync(path.join(SHARED_DIR, "_locales", locale, "messages.json"), "utf8")));
}

/** The engine client the add-in makes (HTTP bridge), over a fetch double. */
export function engineOver(fetch, timeoutMs = CHECK_TIMEOUT_MS) {
  return createEngineClient(httpTransport({ fetch }), { timeoutMs });
}

/** decideSend's deps: the engine over `fetch`, the messages of `locale`, and more (failClosed). */
export function sendDeps(fetch, locale, more = {}) {
  return { engine: engineOver(fetch, more.timeoutMs), locale, getMessage: messagesOf(locale), failClosed: more.failClosed };
}

const later = (cb, result) => setTimeout(() => cb(result), 0);
const ok = (value) => ({ status: "succeeded", value });
const failed = (message) => ({ status: "failed", error: { code: "GenericError", message } });

/**
 * A compose item. `state` is live: change state.to, state.attachments… between calls.
 * @param {object} [init]
 *   to/cc/bcc: [{displayName, emailAddress}]; subject; body; from; attachments: [{id, name, size,
 *   contentType, attachmentType, isInline}]; contents: {id: {format, content}}; composeType;
 *   session: initial sessionData; failSessionSet: true makes sessionData.setAsync fail
 */
export function fakeItem(init = {}) {
  const state = {
    to: [], cc: [], bcc: [], subject: "", body: "", from: { displayName: "山田 太郎", emailAddress: "taro@example.co.jp" },
    attachments: [], contents: {}, composeType: "newMail", session: {}, failSessionSet: false, ...init,
  };
  const calls = [];
  const recipients = (field) => ({
    getAsync: (cb) => later(cb, ok(state[field].map((r) => ({ ...r })))),
    setAsync: (list, cb) => {
      calls.push([`${field}.setAsync`, list]);
      state[field] = list.map((r) => (typeof r === "string" ? { displayName: r, emailAddress: r } : { ...r }));
      later(cb, ok(undefined));
    },
  });
  const item = {
    state,
    calls,
    to: recipients("to"),
    cc: recipients("cc"),
    bcc: recipients("bcc"),
    from: { getAsync: (cb) => later(cb, ok(state.from)) },
    subject: { getAsync: (cb) => later(cb, ok(state.subject)) },
    body: {
      getAsync: (coercionType, cb) => {
        calls.push(["body.getAsync", coercionType]);
        later(cb, coercionType === "text" ? ok(state.body) : failed("only text in the double"));
      },
    },
    getAttachmentsAsync: (cb) => later(cb, ok(state.attachments.map((a) => ({ attachmentType: "file", isInline: false, ...a })))),
    getAttachmentContentAsync: (id, cb) => {
      calls.push(["getAttachmentContentAsync", id]);
      const c = state.contents[id];
      later(cb, c ? ok(c) : failed("no content"));
    },
    getComposeTypeAsync: (cb) => later(cb, ok({ composeType: state.composeType, coercionType: "html" })),
    sessionData: {
      getAsync: (key, cb) => later(cb, key in state.session ? ok(state.session[key]) : failed("not found")),
      setAsync: (key, value, cb) => {
        if (state.failSessionSet) return later(cb, failed("quota"));
        state.session[key] = value;
        later(cb, ok(undefined));
      },
    },
  };
  return item;
}

/**
 * A fetch for the bridge. `handler(request)` gets the parsed request envelope and returns the
 * reply's result, or { reply } for a whole envelope, or { status, text } for a raw answer;
 * throwing makes fetch reject (bridge down).
 * @returns {typeof fetch & {requests: object[]}}
 */
export function fakeFetch(handler) {
  const requests = [];
  const fn = async (url, init) => {
    const request = JSON.parse(init.body);
    requests.push({ url, ...request });
    const out = await handler(request, url);
    if (out && "text" in out) return { status: out.status ?? 200, json: async () => JSON.parse(out.text) };
    const reply = out && "reply" in out ? out.reply : { id: request.id, ok: true, result: out };
    return { status: 200, json: async () => reply };
  };
  fn.requests = requests;
  return fn;
}

/** A fetch that fails like a closed port. */
export function downFetch() {
  return fakeFetch(() => { throw new TypeError("Failed to fetch"); });
}
