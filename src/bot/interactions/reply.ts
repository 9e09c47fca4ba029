import {
  MessageFlags,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type ActionRowBuilder,
  type EmbedBuilder,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageActionRowComponentBuilder,
  type ModalBuilder,
} from "discord.js";
import { Flags } from "../discord-enums";
import { shorten } from "../shorten";

/** What a handler answers with. Nobody is pinged unless `mentions` names them. */
export interface Reply {
  content?: string;
  embeds?: readonly (APIEmbed | EmbedBuilder)[];
  components?: readonly (
    APIActionRowComponent<APIComponentInMessageActionRow> | ActionRowBuilder<MessageActionRowComponentBuilder>
  )[];
  /** Only the person who used the command sees it. */
  ephemeral?: boolean;
  /** Users and roles this reply means to ping. */
  mentions?: { users?: readonly string[]; roles?: readonly string[] };
  /** From a button, select or modal on a message: edit that message instead of answering anew. */
  update?: boolean;
  /** Files to attach (an export): each at most Discord's upload limit, `MAX_UPLOAD_BYTES`. */
  files?: readonly ReplyFile[];
}

export interface ReplyFile {
  name: string;
  data: Buffer;
}

/** Discord's upload limit for a bot in a server without boosts (10 MiB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

function filesOf(reply: Reply): { attachment: Buffer; name: string }[] {
  return (reply.files ?? []).map((file) => ({ attachment: file.data, name: file.name }));
}

/** A handler that answers by opening a modal (only possible before any other answer). */
export interface ModalReply {
  modal: ModalBuilder | APIModalInteractionResponseCallbackData;
}

export type HandlerResult = Reply | ModalReply;

export function isModalReply(result: HandlerResult): result is ModalReply {
  return "modal" in result;
}

const NOBODY = Object.freeze({ parse: [] as const, users: [] as const, roles: [] as const });

function allowedMentions(reply: Reply): InteractionReplyOptions["allowedMentions"] {
  if (!reply.mentions) return NOBODY as unknown as InteractionReplyOptions["allowedMentions"];
  return { parse: [], users: [...(reply.mentions.users ?? [])], roles: [...(reply.mentions.roles ?? [])] };
}

/** Discord refuses a message whose content is longer; an answer refused is an answer lost. */
export const MAX_CONTENT_LENGTH = 2000;

/** `content` cut to Discord's limit with an ellipsis. */
export function fitContent(content: string): string {
  return shorten(content, MAX_CONTENT_LENGTH);
}

/** The payload for an edit (the deferred reply, or the message a component sits on). */
export function editPayload(reply: Reply): InteractionEditReplyOptions {
  return {
    content: reply.content === undefined ? null : fitContent(reply.content),
    embeds: [...(reply.embeds ?? [])],
    components: [...(reply.components ?? [])],
    allowedMentions: allowedMentions(reply),
    ...(reply.files?.length ? { files: filesOf(reply) } : {}),
  };
}

/** The payload for a first answer or a follow-up; empty parts are left out. */
export function createPayload(reply: Reply): InteractionReplyOptions & { flags?: MessageFlags.Ephemeral } {
  const payload: InteractionReplyOptions & { flags?: MessageFlags.Ephemeral } = {
    allowedMentions: allowedMentions(reply),
  };
  if (reply.content !== undefined) payload.content = fitContent(reply.content);
  if (reply.embeds?.length) payload.embeds = [...reply.embeds];
  if (reply.components?.length) payload.components = [...reply.components];
  if (reply.files?.length) payload.files = filesOf(reply);
  if (reply.ephemeral) payload.flags = Flags.Ephemeral;
  return payload;
}
