import type { Guild, GuildMember } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { ResolvedUser } from "../../bot/commands/arguments";
import type { GuildInteractionContext } from "../../bot/interactions/context";
import type { Reply } from "../../bot/interactions/reply";
import type { RepliableInteraction } from "../../bot/interactions/responder";
import type { RecordAlongside } from "../../controllers/repeat-guard";
import { CaseType } from "../../entities";
import { UserError } from "../../errors/user-error";
import type { MessageId } from "../../i18n/resources";
import { ModerationActions, type ActionOutcome } from "./moderation-actions";
import { outcomeText, repeatedAction } from "./notices";

export interface ActionSpec {
  type: CaseType;
  reason: string | undefined;
  notify: boolean;
  /** Refuse when the target is not in the guild. */
  needsMember: boolean;
  lastsMs?: number;
  perform?: (target: ResolvedUser, auditReason: string) => Promise<unknown>;
  /** A second step once the action stands; resolves with what it could not do, for the moderator. */
  complete?: (target: ResolvedUser, auditReason: string) => Promise<MessageId | null>;
  /** Checks and records of the entry point, in the transaction that records the case. */
  alongside?: RecordAlongside;
}

/** An action taken (a repeat is refused before this). */
export type DoneAction = Exclude<ActionOutcome, { repeatOf: unknown }>;

export function memberOf(target: ResolvedUser): GuildMember {
  if (!target.member) throw new Error("the action needs a member; act() checks this first");
  return target.member;
}

/** What /warn does, from the slash command or the "Warn" menu alike. */
export const warnSpec = (reason: string | undefined): ActionSpec => ({
  type: CaseType.Warn,
  reason,
  notify: true,
  needsMember: true,
});

/** What /note does (the "Note" menu too). */
export const noteSpec = (note: string): ActionSpec => ({
  type: CaseType.Note,
  reason: note,
  notify: false,
  needsMember: false,
});

/** What /timeout does (the "Timeout" menu too). */
export const timeoutSpec = (lastsMs: number, reason: string | undefined): ActionSpec => ({
  type: CaseType.Timeout,
  reason,
  notify: true,
  needsMember: true,
  lastsMs,
  perform: (target, audit) => memberOf(target).timeout(lastsMs, audit),
});

/**
 * One moderation action on one member, from any entry point (slash command, context menu, its modal):
 * the membership check, ModerationActions (hierarchy, case, DM, Discord, mod log), and the moderator's answer.
 */
@injectable()
export class MemberActions {
  constructor(@inject(ModerationActions) private readonly actions: ModerationActions) {}

  async act(
    context: GuildInteractionContext<RepliableInteraction>,
    target: ResolvedUser,
    spec: ActionSpec,
  ): Promise<Reply> {
    const outcome = await this.actAs(context.guild, context.member, target, spec);
    return { content: outcomeText(outcome, target.user.username, context.t) };
  }

  /** The action by `actor` (checked by the caller), for an entry point with no interaction (the dashboard). */
  async actAs(guild: Guild, actor: GuildMember, target: ResolvedUser, spec: ActionSpec): Promise<DoneAction> {
    if (spec.needsMember && !target.member) {
      throw new UserError("moderation.not_a_member", { target: target.user.username });
    }
    const { perform, complete } = spec;
    const outcome = await this.actions.run({
      guild,
      actor,
      target: target.user,
      targetMember: target.member,
      type: spec.type,
      reason: spec.reason ?? null,
      lastsMs: spec.lastsMs ?? null,
      notify: spec.notify,
      ...(perform ? { perform: (audit: string) => perform(target, audit).then(() => undefined) } : {}),
      ...(complete ? { complete: (audit: string) => complete(target, audit) } : {}),
      ...(spec.alongside ? { alongside: spec.alongside } : {}),
    });
    if ("repeatOf" in outcome) throw repeatedAction(outcome.repeatOf, target.user.username);
    return outcome;
  }
}
