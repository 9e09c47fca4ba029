import { GuildMember, type Guild, type User } from "discord.js";
import type { Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translator";
import type { Reply } from "./reply";
import type { InteractionResponder, RepliableInteraction } from "./responder";

/** What a handler gets besides its arguments: who, where, their language, and the means to defer or follow up. */
export class InteractionContext<I extends RepliableInteraction> {
  constructor(
    readonly interaction: I,
    private readonly responder: InteractionResponder,
    /** Writes in the member's language (their /preferences language, else their client's, else the guild's). */
    readonly t: Translator,
  ) {}

  get locale(): Locale {
    return this.t.locale;
  }

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

  /** While deferred work runs: replaces the "thinking…" reply with how far it got (no-op otherwise). */
  progress(reply: Reply): Promise<void> {
    return this.responder.progress(reply);
  }

  /** Another message after the answer; ephemeral unless said otherwise. */
  followUp(reply: Reply): Promise<void> {
    return this.responder.followUp(reply);
  }
}

/**
 * The context of a guild-only command or component: the router has checked the interaction came from a
 * guild Warden is in, so the guild and the member are never null.
 */
export class GuildInteractionContext<I extends RepliableInteraction> extends InteractionContext<I> {
  constructor(
    interaction: I,
    responder: InteractionResponder,
    t: Translator,
    readonly guild: Guild,
    private readonly acting: GuildMember,
  ) {
    super(interaction, responder, t);
  }

  override get guildId(): string {
    return this.guild.id;
  }

  override get member(): GuildMember {
    return this.acting;
  }
}
