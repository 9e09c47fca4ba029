import { GuildMember, type User } from "discord.js";
import type { Reply } from "./reply";
import type { InteractionResponder, RepliableInteraction } from "./responder";

/** What a handler gets besides its arguments: who, where, and the means to defer or follow up. */
export class InteractionContext<I extends RepliableInteraction> {
  constructor(
    readonly interaction: I,
    private readonly responder: InteractionResponder,
  ) {}

  get guildId(): string | null {
    return this.interaction.guildId;
  }

  get channelId(): string | null {
    return this.interaction.channelId;
  }

  get user(): User {
    return this.interaction.user;
  }

  /** The member who acted, when in a guild and cached (Warden asks for the Guilds intent). */
  get member(): GuildMember | null {
    return this.interaction.member instanceof GuildMember ? this.interaction.member : null;
  }

  /** Acknowledge now when the work is known to be slow; the returned reply then becomes an edit. */
  defer(options: { ephemeral?: boolean } = {}): Promise<void> {
    return this.responder.defer(options.ephemeral);
  }

  /** Another message after the answer; ephemeral unless said otherwise. */
  followUp(reply: Reply): Promise<void> {
    return this.responder.followUp(reply);
  }
}
