import type { GuildMember } from "discord.js";
import { inject } from "tsyringe";
import { Incidents } from "../../bot/incidents";
import { RaidController } from "../../controllers/raid-controller";
import type { Raid } from "../../entities/raid";
import type { RaidSettings } from "../../entities/raid-settings";
import { service } from "../../service";
import { JoinCounter } from "./join-counter";
import { RaidLifecycle } from "./raid-lifecycle";
import { RaidMembers } from "./raid-members";

/**
 * Every join: counted in memory (this process owns the guild's shard, so it hears all its joins); more
 * than the configured joins within the window start raid mode (once, by the database) or, during one,
 * restart its quiet period. During a raid each new member is acted on. The raid's channel locks run on
 * their own so the members who keep arriving are acted on meanwhile.
 */
@service()
export class RaidDetector {
  private readonly counter = new JoinCounter();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    @inject(RaidController) private readonly raids: RaidController,
    @inject(RaidLifecycle) private readonly lifecycle: RaidLifecycle,
    @inject(RaidMembers) private readonly members: RaidMembers,
    @inject(Incidents) private readonly incidents: Incidents,
  ) {}

  async joined(member: GuildMember): Promise<void> {
    if (member.user.bot) return;
    const arrivedAt = Date.now();
    // Decided in arrival order (one guild's joins one after another), acted on all at once.
    const raid = await this.inOrder(member.guild.id, () => this.decide(member, arrivedAt));
    if (raid) await this.members.act(member, raid);
  }

  /** The bot left the guild (or it went away): its join times go. */
  forget(guildId: string): void {
    this.counter.forget(guildId);
  }

  private async decide(member: GuildMember, arrivedAt: number): Promise<Raid | null> {
    const guildId = member.guild.id;
    const { settings, raid } = await this.raids.joinState(guildId);
    const over = settings
      ? this.counter.record(guildId, arrivedAt, settings.joins, settings.seconds * 1000)
      : false;
    if (!over || !settings) return raid;
    if (raid) {
      await this.raids.surge(raid.id);
      return raid;
    }
    return this.startDetected(member, settings);
  }

  private inOrder<T>(guildId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(guildId) ?? Promise.resolve();
    const next = previous.then(work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(guildId, settled);
    void settled.then(() => {
      if (this.queues.get(guildId) === settled) this.queues.delete(guildId);
    });
    return next;
  }

  private async startDetected(member: GuildMember, settings: RaidSettings): Promise<Raid | null> {
    const guildId = member.guild.id;
    const earliest = this.counter.earliest(guildId);
    const joinsSince = earliest === undefined ? null : new Date(earliest);
    const { action, quietSeconds, timeoutSeconds, maxSeconds } = settings;
    const input = {
      guildId,
      startedBy: null,
      reason: null,
      joinsSince,
      action,
      quietSeconds,
      timeoutSeconds,
      maxSeconds,
    };
    const claim = await this.lifecycle.claimStart(input);
    if (!claim) return this.raids.active(guildId); // another join, process or command started it
    const client = member.client;
    void this.incidents.detach("raid start", () => this.lifecycle.finishStart(client, claim), { guildId });
    return claim.raid;
  }
}
