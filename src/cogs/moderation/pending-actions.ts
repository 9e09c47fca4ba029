import { DiscordAPIError, RESTJSONErrorCodes, type Client, type Guild } from "discord.js";
import { inject, injectable } from "tsyringe";
import { CaseController } from "../../controllers/case-controller";
import { CaseType, type Case } from "../../entities";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { ModLog } from "./mod-log";

/** An action younger than this may still be in flight in another process. */
export const PENDING_GRACE_MS = 60_000;

async function absent(lookup: Promise<unknown>, code: number): Promise<boolean> {
  try {
    await lookup;
    return false;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === code) return true;
    throw error;
  }
}

/** Whether Discord's state shows that the case's action happened. */
async function happened(guild: Guild, kase: Case): Promise<boolean> {
  const banGone = () =>
    absent(guild.bans.fetch({ user: kase.targetId, force: true }), RESTJSONErrorCodes.UnknownBan);
  const memberGone = () =>
    absent(guild.members.fetch({ user: kase.targetId, force: true }), RESTJSONErrorCodes.UnknownMember);
  switch (kase.type) {
    case CaseType.Ban:
      return !(await banGone());
    case CaseType.Unban:
      return banGone();
    case CaseType.Kick:
    case CaseType.Softban:
      return memberGone();
    case CaseType.Timeout:
    case CaseType.Untimeout: {
      const member = await guild.members.fetch({ user: kase.targetId, force: true }).catch(() => null);
      const timedOut = member?.isCommunicationDisabled() ?? false;
      return kase.type === CaseType.Timeout ? timedOut : member !== null && !timedOut;
    }
    default:
      return true;
  }
}

/**
 * Settles cases whose action was asked of Discord when the process stopped: Discord's state decides
 * whether each stands (confirmed and posted) or is voided. Runs when a client becomes ready, over the
 * guilds it serves; several processes never settle the same case twice.
 */
@injectable()
export class PendingActions {
  constructor(
    @inject(CaseController) private readonly cases: CaseController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async reconcile(client: Client<true>, graceMs = PENDING_GRACE_MS): Promise<number> {
    const guildIds = [...client.guilds.cache.keys()];
    if (guildIds.length === 0) return 0;
    const settled = await this.cases.transaction(async () => {
      const stale = await this.cases.claimStalePending(guildIds, graceMs);
      const done: Case[] = [];
      for (const kase of stale) {
        const guild = client.guilds.cache.get(kase.guildId);
        if (!guild) continue;
        if (await happened(guild, kase)) {
          await this.cases.confirmAction(kase.id);
          done.push({ ...kase, pending: false });
        } else {
          done.push(await this.cases.failAction(kase.guildId, kase.number, client.user.id));
        }
      }
      return done;
    });
    for (const kase of settled) await this.modLog.publish(client, kase);
    if (settled.length > 0) {
      this.logger.info(
        { cases: settled.map((kase) => `${kase.guildId}#${kase.number}`) },
        "settled pending actions",
      );
    }
    return settled.length;
  }
}
