import { isDatabaseFault } from "./isolating-write";

export interface GuildFailure {
  guildId: string;
  error: unknown;
}

/** Some guilds' share of a job failed on their own rows; every other guild's went through. */
export class GuildsFailedError extends Error {
  constructor(
    what: string,
    readonly failures: readonly GuildFailure[],
  ) {
    const first = failures[0]?.error;
    const cause = first instanceof Error ? first.message : String(first);
    const guilds = failures.map((failure) => failure.guildId).join(", ");
    super(`${what} failed for guild(s) ${guilds}: ${cause}`);
    this.name = "GuildsFailedError";
  }
}

/**
 * Runs `work` for each guild in turn, so that one guild's rows never hold up another's: a guild whose
 * work fails on its own account is collected and skipped; a fault of the database itself stops everything.
 */
export async function forEachGuild(
  guildIds: readonly string[],
  work: (guildId: string) => Promise<number>,
): Promise<{ total: number; failures: GuildFailure[] }> {
  let total = 0;
  const failures: GuildFailure[] = [];
  for (const guildId of guildIds) {
    try {
      total += await work(guildId);
    } catch (error) {
      if (isDatabaseFault(error)) throw error;
      failures.push({ guildId, error });
    }
  }
  return { total, failures };
}
