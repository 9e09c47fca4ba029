import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from "discord.js";
import { shorten } from "../../bot/shorten";
import type { Appeal } from "../../entities/appeal";
import type { Case, CaseType } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { caseTypeName } from "../cases/case-types";

export const ACCEPT_PREFIX = "appeal-accept";
export const REJECT_PREFIX = "appeal-reject";
export const REJECT_FORM_PREFIX = "appeal-reject-form";

type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** What moderators see in the appeals channel: the appeal, the ban, the member's record, the status. */
export function appealEmbed(
  appeal: Appeal,
  ban: Case,
  counts: Partial<Record<CaseType, number>>,
  t: Translator,
  outcome?: string,
): APIEmbed {
  const history = Object.entries(counts)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([type, count]) => `${caseTypeName(t, type as CaseType)}: ${String(count)}`)
    .join(" · ");
  return {
    title: t.t("appeals.post_title", { id: appeal.id }),
    description: shorten(
      t.t("appeals.post_description", { user: `<@${appeal.userId}>`, text: appeal.text }),
      4000,
    ),
    fields: [
      {
        name: t.t("appeals.post_ban"),
        value: shorten(
          t.t("appeals.post_ban_value", {
            number: ban.number,
            reason: ban.reason ?? t.t("moderation.no_reason"),
          }),
          1024,
        ),
      },
      { name: t.t("appeals.post_history"), value: history || "—" },
      {
        name: t.t("appeals.post_status"),
        value: shorten(outcome ?? t.t("appeals.status", { status: appeal.status }), 1024),
      },
    ],
  };
}

/** Accept and Reject, each signed with the appeal's id (re-read and re-checked on every press). */
export function decisionButtons(
  appealId: number,
  sign: (customId: string) => string,
  t: Translator,
): ButtonRow {
  const button = (
    prefix: string,
    label: string,
    style: ButtonStyle.Success | ButtonStyle.Danger,
  ): APIButtonComponent => ({
    type: ComponentType.Button,
    custom_id: sign(`${prefix}:${String(appealId)}`),
    label,
    style,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button(ACCEPT_PREFIX, t.t("appeals.accept_label"), ButtonStyle.Success),
      button(REJECT_PREFIX, t.t("appeals.reject_label"), ButtonStyle.Danger),
    ],
  };
}
