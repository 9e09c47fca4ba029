import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  StringSelectMenuBuilder,
  type MessageActionRowComponentBuilder,
} from "discord.js";
import { injectable } from "tsyringe";
import type { Cog } from "../../../src/bot/cog";
import type { ChatInputCommandDefinition } from "../../../src/bot/commands/definition";
import { componentHandler, slashCommand } from "../../../src/bot/commands/registration";

/** A command shaped like the moderation ones to come: a member, a reason, a channel, numbers, a flag. */
export const NoticeCommand = {
  name: "notice",
  description: "Posts a notice about a member in a channel and tells them by DM",
  options: [
    { type: ApplicationCommandOptionType.User, name: "user", description: "who", required: true },
    { type: ApplicationCommandOptionType.String, name: "text", description: "what", required: true },
    { type: ApplicationCommandOptionType.Channel, name: "where", description: "channel", required: true },
    { type: ApplicationCommandOptionType.Integer, name: "times", description: "repeat", min_value: 1 },
    { type: ApplicationCommandOptionType.Boolean, name: "loud", description: "upper case" },
  ],
} as const satisfies ChatInputCommandDefinition;

function controls(): ActionRowBuilder<MessageActionRowComponentBuilder>[] {
  return [
    new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
      new ButtonBuilder().setCustomId("notice-undo:1").setLabel("Undo").setStyle(ButtonStyle.Danger),
      new ButtonBuilder().setLabel("Rules").setStyle(ButtonStyle.Link).setURL("https://example.com/rules"),
    ),
    new ActionRowBuilder<MessageActionRowComponentBuilder>().addComponents(
      new StringSelectMenuBuilder()
        .setCustomId("notice-colour")
        .setPlaceholder("Pick a colour")
        .addOptions({ label: "Red", value: "red" }, { label: "Green", value: "green" }),
    ),
  ];
}

/** Only for the sandbox tests: replies privately with a button and a select, posts elsewhere, DMs. */
@injectable()
export class NoticeCog implements Cog {
  readonly name = "notice";
  readonly database = "none";
  readonly commands = [
    slashCommand(NoticeCommand, async (context, { user, text, where, times, loud }) => {
      const channel = context.interaction.guild?.channels.cache.get(where.id);
      const line = `Notice for <@${user.user.id}> from <@${context.user.id}>: ${loud ? text.toUpperCase() : text}`;
      if (channel?.isTextBased()) {
        await channel.send({
          content: Array(times ?? 1)
            .fill(line)
            .join("\n"),
          allowedMentions: { parse: [] },
        });
      }
      await user.user.send({
        embeds: [{ title: "A notice", description: text, footer: { text: "Sandbox" } }],
      });
      return { content: `Posted in <#${where.id}>.`, ephemeral: true, components: controls() };
    }),
  ];
  readonly components = [
    componentHandler(
      "notice-undo",
      () => Promise.resolve({ content: "Undone.", components: [], update: true }),
      { updatesMessage: true, checkedAs: ["notice"] },
    ),
    componentHandler(
      "notice-colour",
      (context) => {
        const values = context.interaction.isStringSelectMenu() ? context.interaction.values : [];
        return Promise.resolve({ content: `You picked ${values.join(", ")}.`, ephemeral: true });
      },
      { checkedAs: ["notice"] },
    ),
  ];
}
