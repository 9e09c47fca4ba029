import { inject } from "tsyringe";
import { AutomodController, type GuildAutomodRows } from "../../controllers/automod-controller";
import { service } from "../../service";
import { MessageCounters } from "./counters";
import { GuildAutomod } from "./engine";
import type { AutomodLadderSettings } from "./settings";

export interface CompiledGuild {
  readonly automod: GuildAutomod;
  readonly ladder: AutomodLadderSettings | null;
}

/**
 * Each guild's rules compiled once per configuration, dropped whenever the controller's cache is (a write
 * here or in another process, heard through NOTIFY). The counters live as long as the process.
 */
@service()
export class AutomodRuntime {
  private readonly compiled = new Map<string, CompiledGuild>();
  private readonly counters = new MessageCounters();

  constructor(@inject(AutomodController) private readonly controller: AutomodController) {
    controller.onInvalidate((guildId) => {
      if (guildId === null) this.compiled.clear();
      else this.compiled.delete(guildId);
    });
  }

  /** The guild's compiled rules: from memory, or read once (then kept until the next change). */
  forGuild(guildId: string): CompiledGuild | Promise<CompiledGuild> {
    const known = this.compiled.get(guildId);
    if (known) return known;
    const cached = this.controller.cached(guildId);
    if (cached) return this.compile(guildId, cached);
    return this.controller.load(guildId).then((rows) => this.compile(guildId, rows));
  }

  private compile(guildId: string, rows: GuildAutomodRows): CompiledGuild {
    const compiled = { automod: new GuildAutomod(rows, this.counters), ladder: rows.ladder };
    // Kept only while the controller caches the same rows: otherwise a change is in flight.
    if (this.controller.cached(guildId) === rows) this.compiled.set(guildId, compiled);
    return compiled;
  }
}
