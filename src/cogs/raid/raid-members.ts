import type { GuildMember } from "discord.js";
import { inject, injectable } from "tsyringe";
import { CaseController } from "../../controllers/case-controller";
import { RaidController } from "../../controllers/raid-controller";
import { CaseType } from "../../entities";
import type { Raid } from "../../entities/raid";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";

/** How long a raid's timeout lasts: a day, time enough for moderators to look (and lift it). */
export const RAID_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/**
 * Acts on one new member during a raid: a timeout or kick by Warden, then its case naming the raid. A
 * member it cannot act on (above the bot, the owner, Discord refusing) is counted as skipped and logged;
 * each member is settled on its own, so one refusal never stops the others. discord.js waits out 429s.
 */
@injectable()
export class RaidMembers {
  constructor(
    @inject(RaidController) private readonly raids: RaidController,
    @inject(CaseController) private readonly cases: CaseController,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  async act(member: GuildMember, raid: Raid): Promise<void> {
    const { client, guild } = member;
    const reason = guildTranslator(client, guild.id).t("raid.case_reason", { id: raid.id });
    const kick = raid.action === "kick";
    try {
      if (!(kick ? member.kickable : member.moderatable)) throw new Error("above the bot or the owner");
      if (kick) await member.kick(reason);
      else await member.timeout(RAID_TIMEOUT_MS, reason);
    } catch (error) {
      this.logger.warn(
        { err: error, guildId: guild.id, userId: member.id, raidId: raid.id },
        "raid skipped a member",
      );
      await this.raids.counted(raid.id, "skipped");
      return;
    }
    const kase = await this.cases.createCase({
      guildId: guild.id,
      type: kick ? CaseType.Kick : CaseType.Timeout,
      targetId: member.id,
      targetName: member.user.username,
      moderatorId: client.user.id,
      reason,
      ...(kick ? {} : { lastsMs: RAID_TIMEOUT_MS }),
    });
    await this.raids.counted(raid.id, "acted");
    await this.modLog.publish(client, kase);
  }
}
