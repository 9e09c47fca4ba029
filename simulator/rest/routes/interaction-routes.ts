import { apiErrors } from "../../core/api-error";
import { createInteractionMessage } from "../../interactions/interaction-message";
import type { SimInteraction } from "../../interactions/sim-interaction";
import type { SimMessage } from "../../types";
import { messageToApi } from "../../world/serialize-message";
import { parseMessagePatch, parseNewMessage } from "../message-body";
import { noContent, ok, type RouteContext, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

/** The interaction callback and the interaction webhook (original response, follow-ups). */
export function interactionRoutes(services: RouteServices): RouteDefinition[] {
  const { world, interactions, callbacks } = services;

  const webhookInteraction = ({ params }: RouteContext): SimInteraction => {
    if (params.app !== world.botUser.id) throw apiErrors.unknownWebhook();
    return interactions.forWebhook(params.token ?? "");
  };
  const original = (interaction: SimInteraction): string => {
    if (interaction.originalMessageId === null || !world.messages.get(interaction.originalMessageId)) {
      throw apiErrors.unknownMessage();
    }
    return interaction.originalMessageId;
  };
  const owned = (interaction: SimInteraction, messageId: string): string => {
    if (!interaction.ownsMessage(messageId) || !world.messages.get(messageId))
      throw apiErrors.unknownMessage();
    return messageId;
  };
  const view = (messageId: string) => {
    const stored = world.messages.get(messageId);
    if (!stored) throw apiErrors.unknownMessage();
    return ok(messageToApi(stored, world));
  };
  const edit = (interaction: SimInteraction, messageId: string, context: RouteContext) => {
    const message = world.messages.edit(messageId, parseMessagePatch(context.body, context.files));
    if (messageId === interaction.originalMessageId) {
      interaction.edits += 1;
      interaction.loading = false;
      interaction.resolveReply(message);
    }
    return view(messageId);
  };
  const remove = (messageId: string) => {
    world.messages.delete(messageId);
    return noContent();
  };
  const followUp = (context: RouteContext) => {
    const interaction = webhookInteraction(context);
    const content = parseNewMessage(context.body, context.files);
    let message: SimMessage;
    const thinking =
      interaction.originalMessageId === null ? undefined : world.messages.get(interaction.originalMessageId);
    if (interaction.loading && interaction.originalMessageId !== null && thinking) {
      // Discord fills the "thinking…" message of a deferred reply with the first follow-up (unless the bot
      // deleted it: then the follow-up is a message of its own).
      const { flags: _ignored, ...fill } = content;
      message = world.messages.edit(interaction.originalMessageId, fill);
      interaction.loading = false;
      interaction.resolveReply(message);
    } else {
      message = createInteractionMessage(world, interaction, content);
    }
    interaction.recordFollowUp(message);
    return view(message.id);
  };
  const webhook = "/webhooks/:app/:token";
  return [
    {
      method: "POST",
      pattern: "/interactions/:id/:token/callback",
      auth: false,
      handler: ({ params, body, files, query }) =>
        callbacks.handle(interactions.forCallback(params.id ?? "", params.token ?? ""), {
          body,
          files,
          withResponse: query.get("with_response") === "true",
        }),
    },
    { method: "POST", pattern: webhook, auth: false, handler: followUp },
    {
      method: "GET",
      pattern: `${webhook}/messages/@original`,
      auth: false,
      handler: (context) => view(original(webhookInteraction(context))),
    },
    {
      method: "PATCH",
      pattern: `${webhook}/messages/@original`,
      auth: false,
      handler: (context) => {
        const interaction = webhookInteraction(context);
        return edit(interaction, original(interaction), context);
      },
    },
    {
      method: "DELETE",
      pattern: `${webhook}/messages/@original`,
      auth: false,
      handler: (context) => {
        const interaction = webhookInteraction(context);
        const answer = remove(original(interaction));
        interaction.recordOriginalDeleted();
        return answer;
      },
    },
    {
      method: "GET",
      pattern: `${webhook}/messages/:message`,
      auth: false,
      handler: (context) => view(owned(webhookInteraction(context), context.params.message ?? "")),
    },
    {
      method: "PATCH",
      pattern: `${webhook}/messages/:message`,
      auth: false,
      handler: (context) => {
        const interaction = webhookInteraction(context);
        return edit(interaction, owned(interaction, context.params.message ?? ""), context);
      },
    },
    {
      method: "DELETE",
      pattern: `${webhook}/messages/:message`,
      auth: false,
      handler: (context) => remove(owned(webhookInteraction(context), context.params.message ?? "")),
    },
  ];
}
