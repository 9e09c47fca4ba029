import { randomBytes } from "node:crypto";
import {
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  type APIMessage,
} from "discord-api-types/v10";
import type { CommandStore } from "../commands/command-store";
import { generateSnowflake } from "../core/snowflake";
import type { GatewayDispatcher } from "../gateway/gateway-dispatcher";
import type {
  CommandInput,
  ComponentInput,
  DmCommandInput,
  DmComponentInput,
  DmModalSubmitInput,
  MenuInput,
  ModalSubmitInput,
} from "../types";
import { messageToApi } from "../world/serialize-message";
import type { World } from "../world/world";
import { baseFields, resolveTarget, type InteractionTarget } from "./base-payload";
import { buildCommandOptions } from "./command-options";
import { componentTypeOf, modalSubmitComponents } from "./component-lookup";
import { dmBaseFields, resolveDmTarget, type DmInteractionTarget } from "./dm-payload";
import { menuChannel, menuData } from "./menu-data";
import type { InteractionStore } from "./interaction-store";
import { ResolvedBuilder } from "./resolved-data";
import { SimInteraction } from "./sim-interaction";

const SELECT_RESOLVES: Partial<Record<ComponentType, (builder: ResolvedBuilder, id: string) => boolean>> = {
  [ComponentType.UserSelect]: (builder, id) => builder.addUser(id),
  [ComponentType.RoleSelect]: (builder, id) => builder.addRole(id),
  [ComponentType.MentionableSelect]: (builder, id) => builder.addUser(id) || builder.addRole(id),
  [ComponentType.ChannelSelect]: (builder, id) => builder.addChannel(id),
};

/** Builds INTERACTION_CREATE payloads the way Discord does and sends them to the owning shard. */
export class InteractionFactory {
  constructor(
    private readonly world: World,
    private readonly commands: CommandStore,
    private readonly store: InteractionStore,
    private readonly dispatcher: GatewayDispatcher,
  ) {}

  command(input: CommandInput, focused?: string): SimInteraction {
    const target = resolveTarget(this.world, input);
    const definition = this.commands.findChatInput(target.guild.id, input.name);
    const resolved = new ResolvedBuilder(this.world, target.guild, target.user.id);
    const { options, resolved: resolvedData } = buildCommandOptions(input, definition, resolved, focused);
    const data: Record<string, unknown> = {
      id: definition?.id ?? generateSnowflake(this.world.clock()),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      options,
    };
    if (definition?.guild_id !== undefined) data.guild_id = definition.guild_id;
    if (resolvedData) data.resolved = resolvedData;
    const type =
      focused === undefined
        ? InteractionType.ApplicationCommand
        : InteractionType.ApplicationCommandAutocomplete;
    return this.send(target, type, data, null);
  }

  /** A user or message command: right-click → Apps → `input.name`. */
  menu(input: MenuInput): SimInteraction {
    const channelId = menuChannel(this.world, input);
    const target = resolveTarget(this.world, channelId === undefined ? input : { ...input, channelId });
    const type = input.kind === "user" ? ApplicationCommandType.User : ApplicationCommandType.Message;
    const definition = this.commands.find(target.guild.id, type, input.name);
    const data = menuData(this.world, target, input, definition);
    return this.send(target, InteractionType.ApplicationCommand, data, null);
  }

  component(input: ComponentInput, values?: string[]): SimInteraction {
    const source = this.sourceMessage(input);
    const target = resolveTarget(this.world, { ...input, channelId: input.channelId ?? source.channel_id });
    const fallback = values === undefined ? ComponentType.Button : ComponentType.StringSelect;
    const componentType = componentTypeOf(source.components ?? [], input.customId, fallback);
    const data: Record<string, unknown> = { custom_id: input.customId, component_type: componentType };
    if (values !== undefined) {
      data.values = values;
      const resolve = SELECT_RESOLVES[componentType];
      if (resolve) {
        const builder = new ResolvedBuilder(this.world, target.guild, target.user.id);
        for (const value of values)
          if (!resolve(builder, value)) throw new Error(`select value ${value} is unknown`);
        data.resolved = builder.build();
      }
    }
    return this.send(target, InteractionType.MessageComponent, data, source);
  }

  modalSubmit(input: ModalSubmitInput): SimInteraction {
    const shown = this.store.modal(input.customId);
    const channelId = input.channelId ?? shown?.channelId;
    const target = resolveTarget(this.world, channelId === undefined ? input : { ...input, channelId });
    const data = {
      custom_id: input.customId,
      components: modalSubmitComponents(shown?.components, input.fields),
    };
    const source = shown?.sourceMessageId ? this.world.messages.get(shown.sourceMessageId) : undefined;
    const message = source ? messageToApi(source, this.world) : null;
    return this.send(target, InteractionType.ModalSubmit, data, message);
  }

  /**
   * A button pressed on a message in the user's DMs with the bot: only the recipient sees that message, so
   * it must be in their own DM channel; the custom id is whatever the client sends (it may be forged).
   */
  dmComponent(input: DmComponentInput): SimInteraction {
    const target = resolveDmTarget(this.world, input.userId, input.locale);
    const messages = target.channel.messages;
    const shown =
      input.messageId === undefined ? messages.at(-1) : messages.find(({ id }) => id === input.messageId);
    const stored = shown && this.world.messages.get(shown.id);
    if (!stored) throw new Error(`no message ${input.messageId ?? "(last)"} in ${input.userId}'s DMs`);
    const source = messageToApi(stored, this.world);
    const componentType = componentTypeOf(source.components ?? [], input.customId, ComponentType.Button);
    const data = { custom_id: input.customId, component_type: componentType };
    return this.sendDm(target, InteractionType.MessageComponent, data, source);
  }

  /** A slash command used in the user's DMs with the bot: only a global command allowed there. */
  dmCommand(input: DmCommandInput): SimInteraction {
    const target = resolveDmTarget(this.world, input.userId, input.locale);
    const definition = this.commands.findInDms(input.name);
    if (!definition) throw new Error(`/${input.name} is not a global command usable in DMs with the bot`);
    const { options } = buildCommandOptions(input, definition, null);
    const data = { id: definition.id, name: input.name, type: ApplicationCommandType.ChatInput, options };
    return this.sendDm(target, InteractionType.ApplicationCommand, data, null);
  }

  /** A modal the bot showed in a DM, submitted by the user. */
  dmModalSubmit(input: DmModalSubmitInput): SimInteraction {
    const target = resolveDmTarget(this.world, input.userId, input.locale);
    const shown = this.store.modal(input.customId);
    const data = {
      custom_id: input.customId,
      components: modalSubmitComponents(shown?.components, input.fields),
    };
    const source = shown?.sourceMessageId ? this.world.messages.get(shown.sourceMessageId) : undefined;
    const message = source ? messageToApi(source, this.world) : null;
    return this.sendDm(target, InteractionType.ModalSubmit, data, message);
  }

  private sendDm(
    target: DmInteractionTarget,
    type: InteractionType,
    data: unknown,
    message: APIMessage | null,
  ): SimInteraction {
    const id = generateSnowflake(this.world.clock());
    const token = `sim.${randomBytes(24).toString("base64url")}`;
    const payload: Record<string, unknown> = { ...dmBaseFields(this.world, target, id, token), type, data };
    if (message) payload.message = message;
    return this.dispatch(payload, {
      id,
      token,
      type,
      guildId: null,
      channelId: target.channel.id,
      userId: target.user.id,
      createdAtMs: this.world.clock(),
      sourceMessageId: message?.id ?? null,
    });
  }

  private sourceMessage(input: ComponentInput): APIMessage {
    if (input.messageId !== undefined) {
      const stored = this.world.messages.get(input.messageId);
      if (!stored) throw new Error(`no message ${input.messageId} to click on`);
      return messageToApi(stored, this.world);
    }
    const channel = input.channelId ?? this.world.guild(input.guildId).firstTextChannel().id;
    const last = this.world.messages.lastBotMessage(channel, input.userId);
    const stored = last ? this.world.messages.get(last.id) : undefined;
    if (!stored)
      throw new Error(`no bot message in channel ${channel} carries component "${input.customId}"`);
    return messageToApi(stored, this.world);
  }

  private send(
    target: InteractionTarget,
    type: InteractionType,
    data: unknown,
    message: APIMessage | null,
  ): SimInteraction {
    const id = generateSnowflake(this.world.clock());
    const token = `sim.${randomBytes(24).toString("base64url")}`;
    const payload: Record<string, unknown> = { ...baseFields(this.world, target, id, token), type, data };
    if (message) payload.message = message;
    return this.dispatch(payload, {
      id,
      token,
      type,
      guildId: target.guild.id,
      channelId: target.channel.id,
      userId: target.user.id,
      createdAtMs: this.world.clock(),
      sourceMessageId: message?.id ?? null,
    });
  }

  private dispatch(payload: unknown, context: SimInteraction["context"]): SimInteraction {
    const interaction = new SimInteraction(context);
    this.store.add(interaction);
    interaction.dispatchedAt = process.hrtime.bigint();
    this.dispatcher.sendInteraction(context.guildId, payload);
    return interaction;
  }
}
