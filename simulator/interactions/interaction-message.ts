import { InteractionType, MessageFlags, MessageType } from "discord-api-types/v10";
import { apiErrors } from "../core/api-error";
import type { SimMessage } from "../types";
import type { MessageContent } from "../world/messages";
import type { World } from "../world/world";
import type { SimInteraction } from "./sim-interaction";

/** A message the bot posts as an interaction's answer or follow-up, in the interaction's channel. */
export function createInteractionMessage(
  world: World,
  interaction: SimInteraction,
  content: MessageContent,
): SimMessage {
  const { context } = interaction;
  const location = world.locateChannel(context.channelId);
  if (!location) throw apiErrors.unknownChannel();
  const ephemeral = (content.flags & MessageFlags.Ephemeral) !== 0;
  return world.messages.create(location, content, {
    authorId: world.botUser.id,
    type:
      context.type === InteractionType.ApplicationCommand
        ? MessageType.ChatInputCommand
        : MessageType.Default,
    ephemeralFor: ephemeral ? context.userId : null,
    interaction: { id: context.id, type: context.type, userId: context.userId, guildId: context.guildId },
  });
}
