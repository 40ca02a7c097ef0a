// The Outlook add-in's own texts (Smart Alerts messages, task-pane status lines), Japanese and
// English. The dialog's texts are the Thunderbird add-on's _locales (shared, see README).

/** Texts by locale; "{0}", "{1}" are replaced by the arguments. errorMessage is cut at 500 characters. */
export const TEXTS = {
  en: {
    confirmSummary: "SendCheck: please review before sending. {0}",
    confirmRecipients: "{0} recipient(s) to confirm ({1}).",
    confirmAttachments: "{0} attachment(s) to confirm.",
    confirmWarnings: "{0} warning(s).",
    confirmAction: "Open “Review and confirm”, tick every item, then press Send again.",
    changedSinceConfirm: "The recipients or attachments changed after you confirmed.",
    blockSummary: "SendCheck: this message cannot be sent. {0}",
    blockDefault: "Your organisation does not allow this message.",
    bridgeDownOpen: "SendCheck could not check this message: the SendCheck engine on this PC is not answering ({0}). Check the recipients and attachments yourself, or open “Review and confirm”.",
    bridgeDownClosed: "SendCheck could not check this message: the SendCheck engine on this PC is not answering ({0}). Your organisation does not allow sending without the check. Start SendCheck (sendcheck serve) and try again.",
    reasonUnreachable: "not running or not installed",
    reasonTimeout: "no answer in {0} s",
    reasonError: "error {0}",
    reasonBadReply: "unexpected answer",
    paneConfirm: "Confirm",
    paneConfirmed: "Confirmed. Press Send again to send the message.",
    paneConfirmFailed: "The confirmation could not be saved: {0}",
    paneNothingToConfirm: "SendCheck found nothing that needs confirming. You can send this message.",
    paneNotCompose: "Open this pane while writing a message.",
  },
  ja: {
    confirmSummary: "SendCheck：送信前に確認してください。{0}",
    confirmRecipients: "確認が必要な宛先が {0} 件あります（{1}）。",
    confirmAttachments: "確認が必要な添付ファイルが {0} 件あります。",
    confirmWarnings: "警告が {0} 件あります。",
    confirmAction: "「確認して送信」を開き、すべての項目にチェックを入れてから、もう一度［送信］を押してください。",
    changedSinceConfirm: "確認した後に宛先または添付ファイルが変わりました。",
    blockSummary: "SendCheck：このメールは送信できません。{0}",
    blockDefault: "組織のポリシーにより、このメールは送信できません。",
    bridgeDownOpen: "SendCheck はこのメールを確認できませんでした。この PC の SendCheck エンジンが応答しません（{0}）。宛先と添付ファイルをご自身で確認するか、「確認して送信」を開いてください。",
    bridgeDownClosed: "SendCheck はこのメールを確認できませんでした。この PC の SendCheck エンジンが応答しません（{0}）。組織のポリシーにより、確認なしでは送信できません。SendCheck（sendcheck serve）を起動してから、もう一度送信してください。",
    reasonUnreachable: "起動していないか、インストールされていません",
    reasonTimeout: "{0} 秒以内に応答がありません",
    reasonError: "エラー {0}",
    reasonBadReply: "想定外の応答です",
    paneConfirm: "確認しました",
    paneConfirmed: "確認しました。もう一度［送信］を押すと送信されます。",
    paneConfirmFailed: "確認を保存できませんでした：{0}",
    paneNothingToConfirm: "確認が必要な項目はありません。このまま送信できます。",
    paneNotCompose: "メールの作成中にこのウィンドウを開いてください。",
  },
};

/**
 * The add-in's language from Office.context.displayLanguage.
 * @param {string} displayLanguage  e.g. "ja-JP", "en-US", "de-DE"
 * @returns {"ja"|"en"}  "ja" for any Japanese UI, else "en"
 */
export function officeLocale(displayLanguage) {
  return /^ja\b/i.test(String(displayLanguage ?? "")) ? "ja" : "en";
}

/**
 * One text.
 * @param {"ja"|"en"} locale
 * @param {string} key   a key of TEXTS.en
 * @param {...(string|number)} args  replace {0}, {1}, …
 * @returns {string}  the English text when the locale lacks the key; the key when both do
 */
export function text(locale, key, ...args) {
  const template = TEXTS[locale]?.[key] ?? TEXTS.en[key] ?? key;
  return template.replace(/\{(\d+)\}/g, (whole, i) => (args[i] === undefined ? whole : String(args[i])));
}

/**
 * Cut a text to at most `max` characters (code points), ending with "…" when cut.
 * @param {string} s
 * @param {number} [max=500]  Smart Alerts' errorMessage limit
 * @returns {string}
 */
export function clip(s, max = 500) {
  const chars = [...String(s)];
  return chars.length <= max ? chars.join("") : chars.slice(0, max - 1).join("") + "…";
}
