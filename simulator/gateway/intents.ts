import { GatewayDispatchEvents, GatewayIntentBits } from "discord-api-types/v10";

const GUILD_INTENT: Partial<Record<GatewayDispatchEvents, number>> = {
  [GatewayDispatchEvents.GuildCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildRoleDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelUpdate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ChannelDelete]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.ThreadCreate]: GatewayIntentBits.Guilds,
  [GatewayDispatchEvents.GuildMemberAdd]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildMemberUpdate]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildMemberRemove]: GatewayIntentBits.GuildMembers,
  [GatewayDispatchEvents.GuildBanAdd]: GatewayIntentBits.GuildModeration,
  [GatewayDispatchEvents.GuildBanRemove]: GatewayIntentBits.GuildModeration,
  [GatewayDispatchEvents.GuildAuditLogEntryCreate]: GatewayIntentBits.GuildModeration,
  [GatewayDispatchEvents.AutoModerationActionExecution]: GatewayIntentBits.AutoModerationExecution,
  [GatewayDispatchEvents.InviteCreate]: GatewayIntentBits.GuildInvites,
  [GatewayDispatchEvents.InviteDelete]: GatewayIntentBits.GuildInvites,
  [GatewayDispatchEvents.MessageCreate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageUpdate]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageDelete]: GatewayIntentBits.GuildMessages,
  [GatewayDispatchEvents.MessageDeleteBulk]: GatewayIntentBits.GuildMessages,
};

const DM_INTENT: Partial<Record<GatewayDispatchEvents, number>> = {
  [GatewayDispatchEvents.MessageCreate]: GatewayIntentBits.DirectMessages,
  [GatewayDispatchEvents.MessageUpdate]: GatewayIntentBits.DirectMessages,
  [GatewayDispatchEvents.MessageDelete]: GatewayIntentBits.DirectMessages,
};

/** Whether a session identified with `intents` receives `event` (Discord filters server-side). */
export function wantsEvent(intents: number, event: GatewayDispatchEvents, inGuild: boolean): boolean {
  const required = (inGuild ? GUILD_INTENT : DM_INTENT)[event];
  return required === undefined || (intents & required) !== 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Without the privileged MessageContent intent, guild messages arrive with empty content, embeds,
 * components and attachments, except the bot's own messages and messages that mention it.
 */
export function redactMessageContent(
  intents: number,
  event: GatewayDispatchEvents,
  data: unknown,
  botId: string,
): unknown {
  if (event === GatewayDispatchEvents.AutoModerationActionExecution && isRecord(data)) {
    const allowed = (intents & GatewayIntentBits.MessageContent) !== 0;
    return allowed ? data : { ...data, content: "", matched_content: null };
  }
  if (event !== GatewayDispatchEvents.MessageCreate && event !== GatewayDispatchEvents.MessageUpdate)
    return data;
  if ((intents & GatewayIntentBits.MessageContent) !== 0 || !isRecord(data) || data.guild_id === undefined) {
    return data;
  }
  const author = data.author;
  if (isRecord(author) && author.id === botId) return data;
  const mentions = Array.isArray(data.mentions) ? data.mentions : [];
  if (mentions.some((user) => isRecord(user) && user.id === botId)) return data;
  return { ...data, content: "", embeds: [], components: [], attachments: [] };
}
