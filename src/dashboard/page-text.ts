import type { MessageId } from "../i18n/resources";
import type { MessageValues, Translator } from "../i18n/translator";

/** What every page's frame says, in the reader's language. */
export function frameText(t: Translator): Record<string, string> {
  return {
    title: t.t("dashboard.title"),
    skip: t.t("dashboard.skip_to_content"),
    signOut: t.t("dashboard.sign_out"),
    signOutEverywhere: t.t("dashboard.sign_out_everywhere"),
  };
}

/** A one-message page (a refusal, an error): its title and text. */
export interface NoticeText {
  heading: MessageId;
  body: MessageId;
  values?: MessageValues;
}

export function noticeText(t: Translator, notice: NoticeText): { heading: string; body: string } {
  return { heading: t.t(notice.heading), body: t.t(notice.body, notice.values) };
}
