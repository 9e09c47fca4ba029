import {
  InteractionResponseType as ResponseType,
  InteractionType,
  MessageFlags,
  type APIInteractionResponseCallbackData,
} from "discord-api-types/v10";
import { apiErrors } from "../core/api-error";
import { asRecord, optionalString } from "../rest/fields";
import { parseMessagePatch, parseNewMessage } from "../rest/message-body";
import type { RouteResult, UploadedFile } from "../rest/router";
import type { SimMessage } from "../types";
import type { MessageContent } from "../world/messages";
import { messageToApi } from "../world/serialize-message";
import type { World } from "../world/world";
import type { InteractionStore } from "./interaction-store";
import { createInteractionMessage } from "./interaction-message";
import type { SimInteraction } from "./sim-interaction";

const ALLOWED: Record<InteractionType, ResponseType[]> = {
  [InteractionType.Ping]: [ResponseType.Pong],
  [InteractionType.ApplicationCommand]: [
    ResponseType.ChannelMessageWithSource,
    ResponseType.DeferredChannelMessageWithSource,
    ResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    ResponseType.ChannelMessageWithSource,
    ResponseType.DeferredChannelMessageWithSource,
    ResponseType.DeferredMessageUpdate,
    ResponseType.UpdateMessage,
    ResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [ResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    ResponseType.ChannelMessageWithSource,
    ResponseType.DeferredChannelMessageWithSource,
    ResponseType.DeferredMessageUpdate,
    ResponseType.UpdateMessage,
  ],
};

export interface CallbackInput {
  body: unknown;
  files: UploadedFile[];
  withResponse: boolean;
}

/** Applies an interaction callback (types 4–9) to the world and the interaction's handle. */
export class CallbackHandler {
  constructor(
    private readonly world: World,
    private readonly store: InteractionStore,
  ) {}

  handle(interaction: SimInteraction, input: CallbackInput): RouteResult {
    const record = asRecord(input.body);
    const type = record.type;
    const { context } = interaction;
    const updatesMessage = type === ResponseType.DeferredMessageUpdate || type === ResponseType.UpdateMessage;
    if (
      typeof type !== "number" ||
      !ALLOWED[context.type].includes(type) ||
      (updatesMessage && !context.sourceMessageId)
    ) {
      throw apiErrors.invalidForm("type", "Interaction response type is not valid for this interaction.");
    }
    const data = asRecord(record.data);
    let message: SimMessage | null = null;
    switch (type) {
      case ResponseType.ChannelMessageWithSource:
        message = this.createOriginal(interaction, parseNewMessage(record.data, input.files));
        interaction.resolveReply(message);
        break;
      case ResponseType.DeferredChannelMessageWithSource:
        message = this.createOriginal(interaction, {
          content: "",
          embeds: [],
          components: [],
          flags: ((Number(data.flags) || 0) & MessageFlags.Ephemeral) | MessageFlags.Loading,
          attachments: [],
        });
        interaction.deferred = true;
        interaction.loading = true;
        break;
      case ResponseType.DeferredMessageUpdate:
        interaction.deferred = true;
        interaction.originalMessageId = context.sourceMessageId;
        break;
      case ResponseType.UpdateMessage:
        interaction.originalMessageId = context.sourceMessageId;
        message = this.world.messages.edit(
          context.sourceMessageId as string,
          parseMessagePatch(record.data, input.files),
        );
        interaction.resolveReply(message);
        break;
      case ResponseType.ApplicationCommandAutocompleteResult:
        interaction.resolveReply(this.synthetic(interaction, { choices: checkChoices(data.choices) }));
        break;
      case ResponseType.Modal:
        interaction.resolveReply(
          this.synthetic(interaction, { modal: this.rememberModal(interaction, data) }),
        );
        break;
    }
    interaction.recordCallback({
      type,
      data: record.data === undefined ? undefined : (record.data as APIInteractionResponseCallbackData),
      receivedAt: process.hrtime.bigint(),
    });
    return input.withResponse
      ? { status: 200, body: this.callbackResponse(interaction, type, message) }
      : { status: 204 };
  }

  private createOriginal(interaction: SimInteraction, content: MessageContent): SimMessage {
    const message = createInteractionMessage(this.world, interaction, content);
    interaction.originalMessageId = message.id;
    return message;
  }

  private rememberModal(
    interaction: SimInteraction,
    data: Record<string, unknown>,
  ): NonNullable<SimMessage["modal"]> {
    const customId = optionalString(data, "custom_id");
    const title = optionalString(data, "title");
    const components = Array.isArray(data.components) ? data.components : [];
    if (!customId || !title || components.length === 0) {
      throw apiErrors.invalidForm("data", "A modal needs custom_id, title and components.");
    }
    const { context } = interaction;
    this.store.rememberModal({
      customId,
      components,
      sourceMessageId: context.sourceMessageId,
      channelId: context.channelId,
    });
    return { custom_id: customId, title, components };
  }

  /** A message-like record for answers that are not messages (autocomplete choices, modals). */
  private synthetic(interaction: SimInteraction, extra: Pick<SimMessage, "choices" | "modal">): SimMessage {
    const now = new Date(this.world.clock()).toISOString();
    return {
      id: interaction.id,
      channelId: interaction.context.channelId,
      content: "",
      embeds: [],
      components: [],
      flags: 0,
      ephemeral: false,
      authorId: this.world.botUser.id,
      attachments: [],
      createdAt: now,
      editedAt: null,
      interactionId: interaction.id,
      ...extra,
    };
  }

  private callbackResponse(
    interaction: SimInteraction,
    type: ResponseType,
    message: SimMessage | null,
  ): unknown {
    const stored = message ? this.world.messages.get(message.id) : undefined;
    const summary: Record<string, unknown> = { id: interaction.id, type: interaction.context.type };
    if (message) {
      summary.response_message_id = message.id;
      summary.response_message_loading = (message.flags & MessageFlags.Loading) !== 0;
      summary.response_message_ephemeral = message.ephemeral;
    }
    const resource: Record<string, unknown> = { type };
    if (stored) resource.message = messageToApi(stored, this.world);
    return { interaction: summary, resource };
  }
}

function checkChoices(raw: unknown): { name: string; value: string | number }[] {
  if (!Array.isArray(raw)) throw apiErrors.invalidForm("data.choices", "Must be an array.");
  if (raw.length > 25) throw apiErrors.invalidForm("data.choices", "Must be 25 or fewer in length.");
  return raw.map((entry, index) => {
    const choice = asRecord(entry);
    if (
      typeof choice.name !== "string" ||
      (typeof choice.value !== "string" && typeof choice.value !== "number")
    ) {
      throw apiErrors.invalidForm(
        `data.choices.${index}`,
        "A choice needs a name and a string or number value.",
      );
    }
    return { name: choice.name, value: choice.value };
  });
}
