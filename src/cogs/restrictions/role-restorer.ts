import { RESTJSONErrorCodes, type GuildMember, type PartialGuildMember } from "discord.js";
import { inject, injectable } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import { RestrictionController } from "../../controllers/restriction-controller";
import { RoleHoldingController } from "../../controllers/role-holding-controller";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { isGone } from "../moderation/discord-failure";
import { MemberQueue } from "./member-queue";
import { assignable } from "./restriction-roles";

/**
 * Role persistence. What to give back is known before the member leaves: a restriction or a running
 * timeout from their cases, persistent roles from MemberRoleHolding (kept from GUILD_MEMBER_UPDATE, which
 * always carries the member's full roles, and refreshed from GUILD_MEMBER_REMOVE when the member was
 * cached). On rejoin: a restricted member gets the restricted role alone; anyone else the persistent roles
 * they held and the roles a restriction that ended while they were away had taken; a timeout still running
 * is applied again. A member's events are handled in order, each retried while the database is away
 * (MemberQueue): Discord sends them once.
 */
@injectable()
export class RoleRestorer {
  private readonly queue: MemberQueue;

  constructor(
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
    @inject(RestrictionController) private readonly restrictions: RestrictionController,
    @inject(RoleHoldingController) private readonly holdings: RoleHoldingController,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(Incidents) incidents: Incidents,
  ) {
    this.queue = new MemberQueue(logger, incidents);
  }

  /** GUILD_MEMBER_UPDATE carries the member's full roles: the holding is replaced, never patched. */
  changed(member: GuildMember): Promise<void> {
    return this.queue.run(event(member, "roles changed", true), () => this.remember(member));
  }

  /** A cached member's roles as they left; an uncached one keeps what was last seen. */
  left(member: GuildMember | PartialGuildMember): Promise<void> {
    if (member.partial) return Promise.resolve();
    return this.queue.run(event(member, "leave", true), () => this.remember(member));
  }

  joined(member: GuildMember): Promise<void> {
    if (member.user.bot) return Promise.resolve();
    return this.queue.run(event(member, "join"), () => this.giveBack(member));
  }

  /** At shutdown: what still waits for the database is given up. */
  stop(): Promise<void> {
    return this.queue.stop();
  }

  private async remember(member: GuildMember): Promise<void> {
    const persistent = (await this.configs.get(member.guild.id)).persistentRoleIds;
    if (persistent.length === 0) return;
    const held = [...member.roles.cache.keys()].filter((id) => persistent.includes(id));
    await this.holdings.remember(member.guild.id, member.id, held);
  }

  private async giveBack(member: GuildMember): Promise<void> {
    try {
      await this.giveBackNow(member);
    } catch (error) {
      // They left again before it was done (a retry after an outage, say): the next join gives it.
      if (!isGone(error, RESTJSONErrorCodes.UnknownMember)) throw error;
    }
  }

  private async giveBackNow(member: GuildMember): Promise<void> {
    const { guild } = member;
    const audit = guildTranslator(guild.client, guild.id).t("moderation.rejoin_audit");
    const active = await this.restrictions.active(guild.id, member.id);
    const owed = active ? [] : await this.restrictions.owedOnJoin(guild.id, member.id);
    const wanted = active ? [active.restriction.roleId] : await this.givenBack(member, owed);
    const mayGive = (id: string) => {
      const role = guild.roles.cache.get(id);
      return role !== undefined && assignable(guild, role);
    };
    const give = wanted.filter((id) => mayGive(id) && !member.roles.cache.has(id));
    // One PUT per role: `member.roles.add([...])` writes back the whole role list as this (join-time) member
    // had it, undoing whatever changed since (another join's late handler, onboarding, other bots).
    for (const role of give) await guild.members.addRole({ user: member.id, role, reason: audit });
    if (owed.length > 0) {
      await this.restrictions.settleOwed(owed);
      const lost = owed.flatMap((restriction) => restriction.removedRoleIds).filter((id) => !mayGive(id));
      if (lost.length > 0) await this.noteLost(member, lost);
    }
    const timeout = await this.holdings.runningTimeout(guild.id, member.id);
    if (timeout?.expiresAt && !member.isCommunicationDisabled()) {
      await member.disableCommunicationUntil(timeout.expiresAt, audit);
    }
    if (give.length > 0 || timeout) {
      this.logger.info({ guildId: guild.id, userId: member.id, roles: give.length }, "gave back on rejoin");
    }
  }

  /** Roles a restriction kept that could not be given back (deleted, or moved above the bot). */
  private async noteLost(member: GuildMember, lost: readonly string[]): Promise<void> {
    const roles = [...new Set(lost)].map((id) => `<@&${id}>`);
    await this.modLog.note(member.client, member.guild.id, (t) =>
      t.t("moderation.rejoin_roles_not_restored", { target: `<@${member.id}>`, roles: t.list(roles) }),
    );
  }

  private async givenBack(
    member: GuildMember,
    owed: ReadonlyArray<{ removedRoleIds: string[] }>,
  ): Promise<string[]> {
    const persistent = (await this.configs.get(member.guild.id)).persistentRoleIds;
    const held = (await this.holdings.held(member.guild.id, member.id)).filter((id) =>
      persistent.includes(id),
    );
    return [...new Set([...held, ...owed.flatMap((restriction) => restriction.removedRoleIds)])];
  }
}

/** `latestWins`: the step remembers the member's whole roles, so only the latest waiting one matters. */
function event(member: GuildMember, what: string, latestWins = false) {
  return { guildId: member.guild.id, userId: member.id, what, latestWins };
}
