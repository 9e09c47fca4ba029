import type { Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import { RaidController, type NewRaid, type RaidClaim } from "../../controllers/raid-controller";
import type { Raid } from "../../entities/raid";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { RaidChannels, type ChannelsOutcome } from "./raid-channels";
import { endedLine, startedLine } from "./raid-lines";

export interface RaidChange {
  raid: Raid;
  channels: ChannelsOutcome;
}

/**
 * Starts and ends raids: the database decides who starts or ends one (once, across processes), then the
 * holder of its claim locks or unlocks the channels (never inside a transaction) and alerts the mod log.
 * Every few seconds it ends raids whose quiet period passed and takes over work a dead process left.
 */
@injectable()
export class RaidLifecycle implements PeriodicTask {
  readonly name = "raid mode";
  readonly everyMs = 5_000;

  constructor(
    @inject(RaidController) private readonly raids: RaidController,
    @inject(RaidChannels) private readonly channels: RaidChannels,
    @inject(ModLog) private readonly modLog: ModLog,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {}

  /** Starts a raid and does its start's work; null when one is on already. */
  async start(client: Client<true>, input: NewRaid): Promise<RaidChange | null> {
    const claim = await this.raids.start(input);
    if (!claim) return null;
    return { raid: claim.raid, channels: await this.finishStart(client, claim) };
  }

  /** A raid claimed for its start, whose work the caller leaves to run on its own. */
  claimStart(input: NewRaid): Promise<RaidClaim | null> {
    return this.raids.start(input);
  }

  /** Ends the guild's raid and does its end's work; null when none is on. */
  async end(client: Client<true>, guildId: string, endedBy: string | null): Promise<RaidChange | null> {
    const claim = await this.raids.end(guildId, endedBy);
    if (!claim) return null;
    return this.finishEnd(client, claim);
  }

  async run(client: Client<true>): Promise<void> {
    const guildIds = [...client.guilds.cache.keys()];
    const quiet = await this.raids.quietDue(guildIds);
    const unfinished = await this.raids.unfinished(guildIds);
    await Promise.all([
      ...quiet.map((raidId) =>
        this.settle(raidId, async () => {
          const claim = await this.raids.endQuiet(raidId);
          if (claim) await this.finishEnd(client, claim);
        }),
      ),
      ...unfinished.map((claim) =>
        this.settle(claim.raid.id, () =>
          claim.raid.endedAt ? this.finishEnd(client, claim) : this.finishStart(client, claim),
        ),
      ),
    ]);
  }

  async finishStart(client: Client<true>, claim: RaidClaim): Promise<ChannelsOutcome> {
    const { raid } = claim;
    const audit = guildTranslator(client, raid.guildId).t("raid.audit", { id: raid.id });
    const channels = await this.channels.lock(client, raid.guildId, raid.startedBy ?? client.user.id, audit);
    this.logger.info(
      { guildId: raid.guildId, raidId: raid.id, locked: channels.done.length },
      "raid started",
    );
    await this.modLog.note(client, raid.guildId, (t) => startedLine(raid, channels, t));
    // Ended while the channels were being locked: the end may have unlocked before they were.
    if ((await this.settledOrLeft(claim, () => this.raids.markLocked(claim))) === false)
      await this.channels.unlock(client, raid.guildId, audit);
    return channels;
  }

  private async finishEnd(client: Client<true>, claim: RaidClaim): Promise<RaidChange> {
    const audit = guildTranslator(client, claim.raid.guildId).t("raid.audit", { id: claim.raid.id });
    const channels = await this.channels.unlock(client, claim.raid.guildId, audit);
    const raid = (await this.settledOrLeft(claim, () => this.raids.markUnlocked(claim))) ?? claim.raid;
    this.logger.info({ guildId: raid.guildId, raidId: raid.id, actedOn: raid.actedOn }, "raid ended");
    await this.modLog.note(client, raid.guildId, (t) => endedLine(raid, channels, t));
    return { raid, channels };
  }

  /**
   * Records that the work is done; if the database fails, the raid stays claimed until its lease runs
   * out and the periodic task does the (idempotent) work again: the raid itself has started or ended.
   */
  private async settledOrLeft<R>(claim: RaidClaim, mark: () => Promise<R>): Promise<R | undefined> {
    try {
      return await mark();
    } catch (error) {
      const { guildId, id } = claim.raid;
      this.logger.warn({ err: error, guildId, raidId: id }, "raid work done, left for the task to record");
      return undefined;
    }
  }

  /** One raid's failure never holds up another's: its lease runs out and a later run takes it over. */
  private async settle(raidId: number, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error({ err: error, raidId }, "raid not settled");
    }
  }
}
