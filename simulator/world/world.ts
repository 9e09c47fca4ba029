import { generateSnowflake } from "../core/snowflake";
import type { Clock, SimChannel, SimDmChannel, SimMessage, SimUser } from "../types";
import type { WorldEvents } from "./events";
import { SimGuild } from "./guild";
import { AttachmentStore } from "./attachments";
import { MessageStore } from "./messages";
import { BOT_ROLE_PERMISSIONS, EVERYONE_PERMISSIONS } from "./permissions";

export type ChannelLocation =
  { kind: "guild"; guild: SimGuild; channel: SimChannel } | { kind: "dm"; channel: SimDmChannel };

/** Users, guilds, channels and messages of the fake Discord. */
export class World {
  readonly users = new Map<string, SimUser>();
  readonly guilds = new Map<string, SimGuild>();
  readonly messages: MessageStore;
  readonly attachments: AttachmentStore;
  private readonly channelOwners = new Map<string, SimGuild>();
  private readonly dmChannels = new Map<string, SimDmChannel>();
  private readonly dmByRecipient = new Map<string, SimDmChannel>();
  private userCounter = 0;
  private guildCounter = 0;

  constructor(
    readonly clock: Clock,
    readonly events: WorldEvents,
    readonly botUser: SimUser,
  ) {
    this.users.set(botUser.id, botUser);
    this.messages = new MessageStore(this);
    this.attachments = new AttachmentStore(clock);
  }

  createUser(
    init: { username?: string; bot?: boolean; globalName?: string | null; dmsClosed?: boolean } = {},
  ): SimUser {
    this.userCounter += 1;
    const user: SimUser = {
      id: generateSnowflake(this.clock()),
      username: init.username ?? `user${this.userCounter}`,
      bot: init.bot ?? false,
      globalName: init.globalName ?? null,
      dmsClosed: init.dmsClosed ?? false,
    };
    this.users.set(user.id, user);
    return user;
  }

  user(id: string): SimUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`unknown user ${id}`);
    return user;
  }

  /** A guild with @everyone, #general, its owner and the bot; `fill` adds more before anyone is told. */
  createGuild(
    init: { name?: string; ownerId?: string; id?: string } = {},
    fill?: (guild: SimGuild) => void,
  ): SimGuild {
    this.guildCounter += 1;
    const ownerId = init.ownerId ?? this.createUser({ username: `owner${this.guildCounter}` }).id;
    this.user(ownerId);
    const id = init.id ?? generateSnowflake(this.clock());
    if (this.guilds.has(id)) throw new Error(`guild ${id} already exists`);
    const guild = new SimGuild(this, id, init.name ?? `Guild ${this.guildCounter}`, ownerId);
    guild.roles.set(id, { id, name: "@everyone", permissions: EVERYONE_PERMISSIONS, position: 0, color: 0 });
    guild.createChannel({ name: "general" });
    guild.addMember(ownerId);
    const botRole = guild.createRole({ name: "Warden", permissions: BOT_ROLE_PERMISSIONS, position: 10 });
    guild.addMember(this.botUser.id, { roles: [botRole.id] });
    fill?.(guild);
    this.guilds.set(id, guild);
    this.events.guildJoined(guild);
    return guild;
  }

  guild(id: string): SimGuild {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`unknown guild ${id}`);
    return guild;
  }

  indexChannel(channelId: string, guild: SimGuild): void {
    this.channelOwners.set(channelId, guild);
  }

  locateChannel(channelId: string): ChannelLocation | undefined {
    const guild = this.channelOwners.get(channelId);
    const channel = guild?.channels.get(channelId);
    if (guild && channel) return { kind: "guild", guild, channel };
    const dm = this.dmChannels.get(channelId);
    return dm ? { kind: "dm", channel: dm } : undefined;
  }

  /** The bot's DM channel with a user (created on first use, like POST /users/@me/channels). */
  dmChannelWith(recipientId: string): SimDmChannel {
    const existing = this.dmByRecipient.get(recipientId);
    if (existing) return existing;
    this.user(recipientId);
    const channel: SimDmChannel = { id: generateSnowflake(this.clock()), recipientId, messages: [] };
    this.dmChannels.set(channel.id, channel);
    this.dmByRecipient.set(recipientId, channel);
    return channel;
  }

  dmMessagesTo(userId: string): readonly SimMessage[] {
    return this.dmByRecipient.get(userId)?.messages ?? [];
  }
}
