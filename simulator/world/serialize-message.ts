import {
  ApplicationIntegrationType,
  type APIMessage,
  type APIUser,
  type GatewayMessageCreateDispatchData,
  type InteractionType,
  type MessageType,
} from "discord-api-types/v10";
import type { SimMessage } from "../types";
import { memberToApi, userToApi } from "./serialize";
import type { World } from "./world";

/** The interaction a message answers (for interaction_metadata). */
export interface MessageInteractionInfo {
  id: string;
  type: InteractionType;
  userId: string;
  guildId: string | null;
}

export interface StoredMessage {
  message: SimMessage;
  guildId: string | null;
  type: MessageType;
  /** Ephemeral messages are visible to one user only and are never dispatched or listed. */
  ephemeralFor: string | null;
  interaction: MessageInteractionInfo | null;
}

const MENTION = /<@!?(\d{17,20})>/g;
const ROLE_MENTION = /<@&(\d{17,20})>/g;

export function messageToApi(stored: StoredMessage, world: World): APIMessage {
  const { message } = stored;
  const author = world.user(message.authorId);
  const api: APIMessage = {
    id: message.id,
    channel_id: message.channelId,
    author: userToApi(author),
    content: message.content,
    timestamp: message.createdAt,
    edited_timestamp: message.editedAt,
    tts: false,
    mention_everyone: false,
    mentions: mentionedUsers(message.content, world),
    mention_roles: [...message.content.matchAll(ROLE_MENTION)].map((match) => match[1] as string),
    attachments: message.attachments.map(({ data: _bytes, ...attachment }) => ({
      ...attachment,
      url: `https://cdn.discordapp.com/attachments/${message.channelId}/${attachment.id}/${attachment.filename}`,
      proxy_url: `https://media.discordapp.net/attachments/${message.channelId}/${attachment.id}/${attachment.filename}`,
    })),
    embeds: message.embeds,
    components: message.components,
    pinned: false,
    type: stored.type,
    flags: message.flags,
  };
  if (stored.interaction) {
    const { interaction } = stored;
    api.webhook_id = world.botUser.id;
    api.application_id = world.botUser.id;
    api.interaction_metadata = {
      id: interaction.id,
      type: interaction.type,
      user: userToApi(world.user(interaction.userId)),
      authorizing_integration_owners:
        interaction.guildId === null
          ? {}
          : { [ApplicationIntegrationType.GuildInstall]: interaction.guildId },
    } as APIMessage["interaction_metadata"];
  }
  return api;
}

/** MESSAGE_CREATE / MESSAGE_UPDATE data: the message plus guild_id and the author's member. */
export function messageEventData(stored: StoredMessage, world: World): GatewayMessageCreateDispatchData {
  const data: GatewayMessageCreateDispatchData = messageToApi(stored, world);
  if (stored.guildId === null) return data;
  data.guild_id = stored.guildId;
  const member = world.guilds.get(stored.guildId)?.members.get(stored.message.authorId);
  if (member) {
    const { user: _user, ...partial } = memberToApi(member, world.user(member.userId));
    data.member = partial;
  }
  return data;
}

function mentionedUsers(content: string, world: World): APIUser[] {
  if (!content.includes("<@")) return [];
  const users: APIUser[] = [];
  for (const match of content.matchAll(MENTION)) {
    const user = world.users.get(match[1] as string);
    if (user && !users.some((known) => known.id === user.id)) users.push(userToApi(user));
  }
  return users;
}
