import { GatewayDispatchEvents, MessageFlags, MessageType } from "discord-api-types/v10";
import { generateSnowflake } from "../core/snowflake";
import type { SimAttachment, SimComponents, SimMessage } from "../types";
import type { APIEmbed } from "discord-api-types/v10";
import { messageEventData, type MessageInteractionInfo, type StoredMessage } from "./serialize-message";
import type { ChannelLocation, World } from "./world";

export interface MessageContent {
  content: string;
  embeds: APIEmbed[];
  components: SimComponents;
  flags: number;
  allowedMentions?: unknown;
  attachments: SimAttachment[];
}

export interface MessageMeta {
  authorId: string;
  type?: MessageType;
  ephemeralFor?: string | null;
  interaction?: MessageInteractionInfo | null;
}

const TRAIL_LENGTH = 50;

/** Every message of the fake Discord (ephemeral ones too), indexed by id. */
export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();
  /** Recent bot message ids per channel, newest last (for "the last bot message" defaults). */
  private readonly botTrail = new Map<string, string[]>();

  constructor(private readonly world: World) {}

  create(location: ChannelLocation, content: MessageContent, meta: MessageMeta): SimMessage {
    const ephemeralFor = meta.ephemeralFor ?? null;
    const message: SimMessage = {
      id: generateSnowflake(this.world.clock()),
      channelId: location.channel.id,
      ...content,
      ephemeral: ephemeralFor !== null,
      authorId: meta.authorId,
      createdAt: new Date(this.world.clock()).toISOString(),
      editedAt: null,
    };
    if (meta.interaction) message.interactionId = meta.interaction.id;
    const guildId = location.kind === "guild" ? location.guild.id : null;
    const stored: StoredMessage = {
      message,
      guildId,
      type: meta.type ?? MessageType.Default,
      ephemeralFor,
      interaction: meta.interaction ?? null,
    };
    this.byId.set(message.id, stored);
    if (meta.authorId === this.world.botUser.id) this.remember(message);
    if (ephemeralFor === null) {
      location.channel.messages.push(message);
      this.world.events.dispatch(
        GatewayDispatchEvents.MessageCreate,
        messageEventData(stored, this.world),
        guildId,
      );
    }
    return message;
  }

  /**
   * Adds messages sent in the past (ids from their timestamps) without any gateway event: the history a
   * channel already had. The channel's messages stay ordered by id.
   */
  seed(location: ChannelLocation, messages: readonly SimMessage[]): void {
    const guildId = location.kind === "guild" ? location.guild.id : null;
    for (const message of messages) {
      this.byId.set(message.id, {
        message,
        guildId,
        type: MessageType.Default,
        ephemeralFor: null,
        interaction: null,
      });
    }
    const all = location.channel.messages;
    all.push(...messages);
    all.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
  }

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  edit(id: string, patch: Partial<MessageContent>): SimMessage {
    const stored = this.byId.get(id);
    if (!stored) throw new Error(`unknown message ${id}`);
    const { message } = stored;
    for (const [key, value] of Object.entries(patch))
      if (value !== undefined) Object.assign(message, { [key]: value });
    message.flags = (patch.flags ?? message.flags) & ~MessageFlags.Loading;
    if (stored.ephemeralFor !== null) message.flags |= MessageFlags.Ephemeral;
    message.editedAt = new Date(this.world.clock()).toISOString();
    if (stored.ephemeralFor === null) {
      const data = messageEventData(stored, this.world);
      this.world.events.dispatch(GatewayDispatchEvents.MessageUpdate, data, stored.guildId);
    }
    return message;
  }

  delete(id: string): void {
    const stored = this.byId.get(id);
    if (!stored) return;
    this.byId.delete(id);
    const messages = this.world.locateChannel(stored.message.channelId)?.channel.messages;
    const index = messages?.indexOf(stored.message) ?? -1;
    if (messages && index >= 0) messages.splice(index, 1);
    if (stored.ephemeralFor !== null) return;
    const data = { id, channel_id: stored.message.channelId, ...guildField(stored.guildId) };
    this.world.events.dispatch(GatewayDispatchEvents.MessageDelete, data, stored.guildId);
  }

  /** Removes several messages of one channel with a single MESSAGE_DELETE_BULK. */
  deleteMany(location: ChannelLocation, ids: string[]): void {
    const gone = new Set(ids.filter((id) => this.byId.get(id)?.message.channelId === location.channel.id));
    if (gone.size === 0) return;
    for (const id of gone) this.byId.delete(id);
    const kept = location.channel.messages.filter((message) => !gone.has(message.id));
    location.channel.messages.splice(0, location.channel.messages.length, ...kept);
    const guildId = location.kind === "guild" ? location.guild.id : null;
    const data = { ids: [...gone], channel_id: location.channel.id, ...guildField(guildId) };
    this.world.events.dispatch(GatewayDispatchEvents.MessageDeleteBulk, data, guildId);
  }

  /** The newest bot message in a channel that `viewerId` can see (ephemeral ones only their own). */
  lastBotMessage(channelId: string, viewerId: string): SimMessage | undefined {
    const trail = this.botTrail.get(channelId) ?? [];
    for (let index = trail.length - 1; index >= 0; index -= 1) {
      const stored = this.byId.get(trail[index] as string);
      if (stored && (stored.ephemeralFor === null || stored.ephemeralFor === viewerId)) return stored.message;
    }
    return undefined;
  }

  private remember(message: SimMessage): void {
    let trail = this.botTrail.get(message.channelId);
    if (!trail) this.botTrail.set(message.channelId, (trail = []));
    trail.push(message.id);
    if (trail.length > TRAIL_LENGTH * 2) trail.splice(0, TRAIL_LENGTH);
  }
}

function guildField(guildId: string | null): { guild_id?: string } {
  return guildId === null ? {} : { guild_id: guildId };
}
