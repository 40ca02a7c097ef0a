// Event-based activation (Smart Alerts): thin Office.js glue around common/send-flow.js.
// Outlook on the web and new Outlook load it as a module from launchevent.html; classic Outlook on
// Windows runs dist/outlook/src/launchevent.bundle.js (build.mjs) in its JavaScript-only runtime.

import { CHECK_TIMEOUT_MS, createEngineClient, httpTransport } from "../../shared/engine-client.js";
import { failClosedOf } from "../../shared/fail-closed.js";
import { detectLocale } from "../../shared/i18n.js";
import { loadGetMessage } from "./common/messages.js";
import { decideSend, rememberParticipants } from "./common/send-flow.js";

const FAIL_CLOSED_KEY = "sendcheck.failClosed";

function roaming() {
  return Office.context.roamingSettings ?? null;
}

/** The policy's failClosed as last reported by the engine (roamingSettings); false when never known. */
function knownFailClosed() {
  try { return roaming()?.get(FAIL_CLOSED_KEY) === true; } catch { return false; }
}

async function refreshFailClosed(engine) {
  try {
    const value = failClosedOf(await engine.request("hello"));
    const settings = roaming();
    if (value !== null && settings && settings.get(FAIL_CLOSED_KEY) !== value) {
      settings.set(FAIL_CLOSED_KEY, value);
      settings.saveAsync();
    }
  } catch { /* engine down: keep what is known */ }
}

async function onNewMessageComposeHandler(event) {
  const engine = createEngineClient(httpTransport(), { timeoutMs: 3000 });
  try {
    await Promise.all([rememberParticipants(Office.context.mailbox.item), refreshFailClosed(engine)]);
  } catch (e) {
    console.error("SendCheck OnNewMessageCompose:", e);
  } finally {
    event.completed();
  }
}

async function onMessageSendHandler(event) {
  const locale = detectLocale(Office.context.displayLanguage);
  let options;
  try {
    options = await decideSend(Office.context.mailbox.item, {
      engine: createEngineClient(httpTransport(), { timeoutMs: CHECK_TIMEOUT_MS }),
      locale,
      getMessage: await loadGetMessage(locale),
      failClosed: knownFailClosed(),
    });
  } catch (e) {
    console.error("SendCheck OnMessageSend:", e);
    options = { allowEvent: false, errorMessage: `SendCheck: ${String(e?.message ?? e).slice(0, 400)}` };
  }
  event.completed(options);
}

Office.actions.associate("onNewMessageComposeHandler", onNewMessageComposeHandler);
Office.actions.associate("onMessageSendHandler", onMessageSendHandler);
