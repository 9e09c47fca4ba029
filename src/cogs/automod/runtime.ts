import { inject } from "tsyringe";
import { AutomodController, type GuildAutomodRows } from "../../controllers/automod-controller";
import { service } from "../../service";
import { withDeadline } from "../moderation/discord-failure";
import { MessageCounters } from "./counters";
import { GuildAutomod } from "./engine";
import type { AutomodLadderSettings } from "./settings";

/**
 * How long rules read while the controller could not cache them (LISTEN down, or a change raced the read)
 * are used before being read again: the hot path stays off the database, and staleness stays bounded.
 */
const UNCACHED_MS = 5_000;
/** The longest a message waits for its guild's rules to be read again when some are known already. */
export const RULES_WAIT_MS = 1_000;
const NO_RULES: GuildAutomodRows = { rules: [], ladder: null };

export interface CompiledGuild {
  readonly automod: GuildAutomod;
  readonly ladder: AutomodLadderSettings | null;
  /** The controller's rows these were compiled from. */
  readonly rows: GuildAutomodRows;
  /** performance.now() until which rows the controller did not cache are trusted. */
  readonly until: number;
}

/**
 * Each guild's rules compiled once per configuration, dropped whenever the controller's cache is (a write
 * here or in another process, heard through NOTIFY) or re-read (its periodic refresh). The counters live
 * as long as the process.
 */
@service()
export class AutomodRuntime {
  private readonly compiled = new Map<string, CompiledGuild>();
  private readonly counters = new MessageCounters();
  /** Each guild's rules as last read, for when the database cannot be read (invalidation keeps them). */
  private readonly lastKnown = new Map<string, CompiledGuild>();
  /** Counts invalidations: rules read across one are used for that message only, never kept. */
  private generation = 0;

  constructor(@inject(AutomodController) private readonly controller: AutomodController) {
    controller.onInvalidate((guildId) => {
      this.generation += 1;
      if (guildId === null) this.compiled.clear();
      else this.compiled.delete(guildId);
    });
  }

  /** The guild's compiled rules: from memory, or read once (then kept until the next change). */
  forGuild(guildId: string): CompiledGuild | Promise<CompiledGuild> {
    const cached = this.controller.cached(guildId);
    const known = this.compiled.get(guildId);
    if (known && (cached ? known.rows === cached : performance.now() < known.until)) return known;
    if (cached) return this.compile(guildId, cached, Number.POSITIVE_INFINITY);
    const generation = this.generation;
    const reading = this.controller.load(guildId).then(
      (rows) => this.compile(guildId, rows, performance.now() + UNCACHED_MS, generation === this.generation),
      (error: unknown) => this.unreadable(guildId, error),
    );
    const last = this.lastKnown.get(guildId);
    // A slow or unreachable database must not hold messages back: past the wait, the last known rules judge.
    return last ? withDeadline(reading, RULES_WAIT_MS).catch(() => last) : reading;
  }

  /**
   * The database cannot be read: the guild's last known rules go on for a while (one read per UNCACHED_MS,
   * not one per message); a guild never read has none, and says so once per UNCACHED_MS.
   */
  private unreadable(guildId: string, error: unknown): CompiledGuild {
    const until = performance.now() + UNCACHED_MS;
    const last = this.lastKnown.get(guildId);
    this.compiled.set(guildId, last ? { ...last, until } : this.compile(guildId, NO_RULES, until, false));
    if (last) return last;
    throw error;
  }

  private compile(guildId: string, rows: GuildAutomodRows, until: number, keep = true): CompiledGuild {
    const compiled = { automod: new GuildAutomod(rows, this.counters), ladder: rows.ladder, rows, until };
    if (keep) this.compiled.set(guildId, compiled);
    if (rows !== NO_RULES) this.lastKnown.set(guildId, compiled);
    return compiled;
  }
}
