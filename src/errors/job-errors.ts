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

/** discord.js waits out rate limits and retries 5xx itself; a job bounds how long one item may take. */
export class DiscordCallTimeout extends Error {
  constructor(ms: number) {
    super(`the Discord call took longer than ${ms} ms`);
    this.name = "DiscordCallTimeout";
  }
}
