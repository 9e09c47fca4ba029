import { GuildFailure } from "../errors/job-errors";
import { isDatabaseFault } from "./isolating-write";

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
