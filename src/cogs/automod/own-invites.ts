import type { Guild } from "discord.js";

/** How long a guild's own invite codes are trusted before they are read again. */
const TTL_MS = 600_000;

/**
 * The guild's own invite codes (its vanity URL and its invites), read from Discord only when a message
 * carries an invite (never per message), and kept a while. Reading invites needs Manage Server: without it
 * only the vanity URL counts as the guild's own.
 */
export class OwnInvites {
  private readonly known = new Map<string, { codes: Set<string>; readAt: number }>();

  async allOwn(guild: Guild, codes: readonly string[]): Promise<boolean> {
    const own = await this.codesOf(guild);
    return codes.every((code) => own.has(code.toLowerCase()));
  }

  forget(guildId: string): void {
    this.known.delete(guildId);
  }

  private async codesOf(guild: Guild): Promise<Set<string>> {
    const entry = this.known.get(guild.id);
    if (entry && Date.now() - entry.readAt < TTL_MS) return entry.codes;
    const codes = new Set<string>();
    if (guild.vanityURLCode) codes.add(guild.vanityURLCode.toLowerCase());
    const invites = await guild.invites.fetch({ cache: false }).catch(() => null);
    for (const code of invites?.keys() ?? []) codes.add(code.toLowerCase());
    this.known.set(guild.id, { codes, readAt: Date.now() });
    return codes;
  }
}
