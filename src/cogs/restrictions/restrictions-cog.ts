import { Events, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import { inject, injectable } from "tsyringe";
import { listener, type Cog } from "../../bot/cog";
import type { Config } from "../../config";
import { TOKENS } from "../../tokens";
import { RoleRestorer } from "./role-restorer";
import type { ResolvedUser } from "../../bot/commands/arguments";
import { slashCommand, type GuildCommandContext } from "../../bot/commands/registration";
import { durationOption } from "../../bot/duration";
import type { Reply } from "../../bot/interactions/reply";
import type { PeriodicTask } from "../../bot/scheduler";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { RestrictionController } from "../../controllers/restriction-controller";
import { CaseType } from "../../entities";
import { MAX_TEMPBAN_MS, ReasonArgs } from "../moderation/arguments";
import { ModerationActions, type ActionOutcome } from "../moderation/moderation-actions";
import { outcomeText, repeatedAction } from "../moderation/notices";
import { UserError } from "../../errors/user-error";
import { RestrictCommand, UnrestrictCommand } from "./definitions";
import { ModLog } from "../cases/mod-log";
import {
  refuseKeptAboveActor,
  restrictedRole,
  rolesToRestore,
  splitForRestriction,
} from "./restriction-roles";
import { RestrictionExpiries } from "./restriction-expiries";

const policy = {
  access: "moderator",
  ephemeral: true,
  dto: ReasonArgs,
  botPermissions: PermissionFlagsBits.ManageRoles,
} as const;

/**
 * `/restrict` and `/unrestrict`: the restricted role in place of a member's other roles, which are kept
 * (see RestrictionController) and given back when the restriction ends, by hand or by its expiry.
 */
@injectable()
export class RestrictionsCog implements Cog {
  readonly name = "restrictions";
  readonly database = "required";
  readonly commands = [
    slashCommand(
      RestrictCommand,
      (context, { user, reason, duration }) => this.restrict(context, user, reason, duration),
      { ...policy, parse: { duration: durationOption(MAX_TEMPBAN_MS) } },
    ),
    slashCommand(
      UnrestrictCommand,
      (context, { user, reason }) => this.unrestrict(context, user, reason),
      policy,
    ),
  ];
  readonly tasks: readonly PeriodicTask[];
  /** Role persistence needs member joins, leaves and updates: the privileged Server Members intent. */
  readonly intents: readonly GatewayIntentBits[];
  readonly listeners = [
    listener(Events.GuildMemberAdd, (member) => this.restorer.joined(member)),
    listener(Events.GuildMemberUpdate, (_, member) => this.restorer.changed(member)),
    listener(Events.GuildMemberRemove, (member) => this.restorer.left(member)),
  ];

  constructor(
    @inject(ModerationActions) private readonly actions: ModerationActions,
    @inject(RestrictionController) private readonly restrictions: RestrictionController,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(RestrictionExpiries) expiries: RestrictionExpiries,
    @inject(RoleRestorer) private readonly restorer: RoleRestorer,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Config) config: Config,
  ) {
    this.tasks = [expiries];
    this.intents = config.PRIVILEGED_INTENTS ? [GatewayIntentBits.GuildMembers] : [];
  }

  onShutdown(): Promise<void> {
    return this.restorer.stop();
  }

  private async restrict(
    context: GuildCommandContext,
    target: ResolvedUser,
    reason: string | undefined,
    lastsMs: number | undefined,
  ): Promise<Reply> {
    const { guild } = context;
    const member = target.member;
    const name = target.user.username;
    if (!member) throw new UserError("moderation.not_a_member", { target: name });
    const role = restrictedRole(guild, (await this.configs.get(guild.id)).restrictedRoleId);
    const { removed, kept } = splitForRestriction(member, role);
    const outcome = await this.actions.run({
      guild,
      actor: context.member,
      target: target.user,
      targetMember: member,
      type: CaseType.Restrict,
      reason: reason ?? null,
      lastsMs: lastsMs ?? null,
      notify: true,
      roleId: role.id,
      alongside: {
        check: () => this.restrictions.refuseIfRestricted(guild.id, target.user.id, name),
        record: async (kase) => void (await this.restrictions.record(kase, role.id, removed)),
      },
      perform: async (audit) => void (await member.roles.set([...kept, role.id], audit)),
    });
    return { content: this.answer(outcome, name, context) };
  }

  private async unrestrict(
    context: GuildCommandContext,
    target: ResolvedUser,
    reason: string | undefined,
  ): Promise<Reply> {
    const { guild, t } = context;
    const name = target.user.username;
    const { kase: restrictCase, restriction } = await this.restrictions.activeOrFail(
      guild.id,
      target.user.id,
      name,
    );
    refuseKeptAboveActor(guild, context.member, name, restriction.removedRoleIds);
    const member = target.member;
    const restore = member
      ? rolesToRestore(guild, [...member.roles.cache.keys()], restriction.roleId, restriction.removedRoleIds)
      : null;
    const outcome = await this.actions.run({
      guild,
      actor: context.member,
      target: target.user,
      targetMember: member,
      type: CaseType.Unrestrict,
      reason: reason ?? null,
      notify: false,
      refersTo: restrictCase.number,
      roleId: restriction.roleId,
      alongside: {
        // The restriction read above must still be the one in force once the member is locked.
        check: async () => {
          const current = await this.restrictions.activeOrFail(guild.id, target.user.id, name);
          if (current.kase.id !== restrictCase.id)
            throw new UserError("moderation.not_restricted", { target: name });
        },
        // Away from the server: the case stands at once, and the roles wait for them to rejoin.
        ...(member ? {} : { record: () => this.restrictions.end(restriction, { restoreOnJoin: true }) }),
      },
      ...(member && restore
        ? { perform: async (audit: string) => void (await member.roles.set(restore.roles, audit)) }
        : {}),
    });
    const answer = this.answer(outcome, name, context);
    const lost = restore ? await this.noteLost(context, restore.lost) : null;
    const away = member ? null : t.t("moderation.restore_on_rejoin");
    return { content: [answer, lost, away].filter(Boolean).join(" ") };
  }

  /** What was not given back, said to the moderator and in the mod log (null: nothing). */
  private async noteLost({ guild, t }: GuildCommandContext, lost: readonly string[]): Promise<string | null> {
    if (lost.length === 0) return null;
    const roles = lost.map((id) => `<@&${id}>`);
    await this.modLog.note(guild.client, guild.id, (tr) =>
      tr.t("moderation.roles_not_restored", { roles: tr.list(roles) }),
    );
    return t.t("moderation.roles_not_restored", { roles: t.list(roles) });
  }

  private answer(outcome: ActionOutcome, name: string, { t }: GuildCommandContext): string {
    if ("repeatOf" in outcome) throw repeatedAction(outcome.repeatOf, name);
    return outcomeText(outcome, name, t);
  }
}
