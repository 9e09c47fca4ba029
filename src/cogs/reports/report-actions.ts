import { RESTJSONErrorCodes, type Guild } from "discord.js";
import type { ResolvedUser } from "../../bot/commands/arguments";
import type { OptionParsers } from "../../bot/commands/registration";
import { durationOption, MAX_TIMEOUT_MS } from "../../bot/duration";
import { CaseType } from "../../entities";
import type { MessageId } from "../../i18n/resources";
import { DURATION_FIELD, REASON_FIELD, type ModalField } from "../menus/reason-modal";
import { ReasonArgs } from "../moderation/arguments";
import { isGone } from "../moderation/discord-failure";
import { timeoutSpec, warnSpec, type ActionSpec } from "../moderation/member-actions";

/** A moderation action a report's button starts: the same modal, validation and action as its command. */
export interface ReportAction {
  button: "warn" | "timeout" | "ban";
  /** The command it stands for: its permission check runs again on the press and on the submit. */
  command: "warn" | "timeout" | "ban";
  title: MessageId;
  fields: readonly ModalField[];
  validation: { parse?: OptionParsers; dto: new () => object };
  spec(values: Record<string, unknown>, guild: Guild): ActionSpec;
}

/** The reason given, or none (the page's form may be left blank: no reason, not an empty one). */
const reasonOf = (values: Record<string, unknown>): string | undefined =>
  typeof values.reason === "string" && values.reason.trim() !== "" ? values.reason : undefined;

/** What /ban does without a duration, as the report's "Ban" button asks it. */
const banSpec = (guild: Guild, reason: string | undefined): ActionSpec => ({
  type: CaseType.Ban,
  reason,
  notify: true,
  needsMember: false,
  perform: (target, audit) => guild.members.ban(target.user.id, { reason: audit, deleteMessageSeconds: 0 }),
});

export const REPORT_ACTIONS: readonly ReportAction[] = [
  {
    button: "warn",
    command: "warn",
    title: "menus.warn_title",
    fields: [REASON_FIELD],
    validation: { dto: ReasonArgs },
    spec: (values) => warnSpec(reasonOf(values)),
  },
  {
    button: "timeout",
    command: "timeout",
    title: "menus.timeout_title",
    fields: [DURATION_FIELD, REASON_FIELD],
    validation: { dto: ReasonArgs, parse: { duration: durationOption(MAX_TIMEOUT_MS) } },
    spec: (values) => timeoutSpec(Number(values.duration), reasonOf(values)),
  },
  {
    button: "ban",
    command: "ban",
    title: "reports.ban_title",
    fields: [REASON_FIELD],
    validation: { dto: ReasonArgs },
    spec: (values, guild) => banSpec(guild, reasonOf(values)),
  },
];

/** The reported user, and their membership now (they may have left since). */
export async function resolveTarget(guild: Guild, userId: string): Promise<ResolvedUser> {
  try {
    const member = await guild.members.fetch({ user: userId, force: true });
    return { user: member.user, member };
  } catch (error) {
    if (!isGone(error, RESTJSONErrorCodes.UnknownMember)) throw error;
  }
  return { user: await guild.client.users.fetch(userId), member: null };
}
