import type { Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { PeriodicTask } from "../../bot/scheduler";
import {
  RaidController,
  type NewRaid,
  type RaidAlert,
  type RaidClaim,
} from "../../controllers/raid-controller";
import type { Raid } from "../../entities/raid";
import type { Logger } from "../../logger";
import { TOKENS } from "../../tokens";
import { guildTranslator, ModLog } from "../cases/mod-log";
import { RaidChannels, type ChannelsOutcome } from "./raid-channels";
import { endedLine, startedLine } from "./raid-lines";

const NO_CHANGE: ChannelsOutcome = { done: [], failed: [] };

export interface RaidChange {
  raid: Raid;
  channels: ChannelsOutcome;
}

/**
 * Starts and ends raids: the database decides who starts or ends one (once, across processes), then the
 * holder of its claim locks or unlocks the channels (never inside a transaction), records what it did with
 * the alert now due (one statement), and alerts the mod log once it took that alert (so a failed statement
 * never repeats an alert). Every few seconds it ends raids whose quiet period or longest duration passed,
 * and takes over work (and alerts) a failed statement or a dead process left.
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
    const alerts = await this.raids.alertsDue(guildIds);
    await Promise.all([
      ...alerts.map((raid) =>
        this.settle(raid.id, async () => {
          await this.alert(client, raid.id, "start");
          await this.alert(client, raid.id, "end");
        }),
      ),
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
    const channels = await this.channels.lock(client, raid.guildId, raid.startedBy, audit);
    this.logger.info(
      { guildId: raid.guildId, raidId: raid.id, locked: channels.done.length },
      "raid started",
    );
    const active = await this.settledOrLeft(claim, () => this.raids.markLocked(claim, channels));
    if (active !== undefined) await this.alert(client, raid.id, "start");
    // Ended while the channels were being locked: the end may have unlocked before they were.
    if (active === false) await this.channels.unlock(client, raid.guildId, audit);
    return channels;
  }

  private async finishEnd(client: Client<true>, claim: RaidClaim): Promise<RaidChange> {
    const audit = guildTranslator(client, claim.raid.guildId).t("raid.audit", { id: claim.raid.id });
    const channels = await this.channels.unlock(client, claim.raid.guildId, audit);
    const settled = await this.settledOrLeft(claim, () => this.raids.markUnlocked(claim, channels));
    const raid = settled ?? claim.raid;
    this.logger.info({ guildId: raid.guildId, raidId: raid.id, actedOn: raid.actedOn }, "raid ended");
    // null: another process took the end over and alerts; undefined: the task records it and alerts later.
    if (settled) await this.alert(client, raid.id, "end");
    return { raid, channels };
  }

  /** Posts the raid's start (end) alert if this process takes it; a failed take is left for the task. */
  private async alert(client: Client<true>, raidId: number, alert: RaidAlert): Promise<void> {
    const taken = await this.raids.takeAlert(raidId, alert).catch((error: unknown) => {
      this.logger.warn({ err: error, raidId, alert }, "raid alert left for the task");
      return null;
    });
    if (!taken) return;
    await this.modLog.note(client, taken.guildId, (t) =>
      alert === "start"
        ? startedLine(taken, taken.startOutcome ?? NO_CHANGE, t)
        : endedLine(taken, taken.endOutcome ?? NO_CHANGE, t),
    );
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
