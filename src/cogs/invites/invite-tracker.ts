export interface KnownInvite {
  code: string;
  uses: number;
  inviterId: string | null;
}

/**
 * Invite use counts per guild, as last seen. A join is attributed to the one invite whose count went up by
 * exactly one since; when none or several did (vanity URL, joins racing each other), it stays unknown.
 */
export class InviteTracker {
  private readonly guilds = new Map<string, Map<string, KnownInvite>>();

  knows(guildId: string): boolean {
    return this.guilds.has(guildId);
  }

  /** The invite codes remembered for a guild (empty when it is not known). */
  codes(guildId: string): string[] {
    return [...(this.guilds.get(guildId)?.keys() ?? [])].sort();
  }

  remember(guildId: string, invites: readonly KnownInvite[]): void {
    this.guilds.set(guildId, new Map(invites.map((invite) => [invite.code, { ...invite }])));
  }

  added(guildId: string, invite: KnownInvite): void {
    this.guilds.get(guildId)?.set(invite.code, { ...invite });
  }

  removed(guildId: string, code: string): void {
    this.guilds.get(guildId)?.delete(code);
  }

  forget(guildId: string): void {
    this.guilds.delete(guildId);
  }

  /** Compares fresh counts with the remembered ones, then remembers the fresh ones. */
  attribute(guildId: string, fresh: readonly KnownInvite[]): KnownInvite | null {
    const known = this.guilds.get(guildId);
    this.remember(guildId, fresh);
    if (!known) return null;
    const grown = fresh.filter((invite) => invite.uses > (known.get(invite.code)?.uses ?? 0));
    const only = grown.length === 1 ? grown[0] : undefined;
    if (!only || only.uses - (known.get(only.code)?.uses ?? 0) !== 1) return null;
    return only;
  }
}
