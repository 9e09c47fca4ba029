import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  InteractionContextType,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { InteractionFixture } from "./interaction-fixture";

jest.setTimeout(15_000);

describe("interactions in a DM with the bot, through the simulator and a real discord.js Client", () => {
  const f = new InteractionFixture();
  beforeEach(() => f.setUp());
  afterEach(() => f.tearDown());

  async function dmWithButton(userId: string, customId: string): Promise<string> {
    const user = await f.client.users.fetch(userId);
    const button = new ButtonBuilder().setCustomId(customId).setLabel("Appeal").setStyle(ButtonStyle.Primary);
    const sent = await user.send({
      content: "you were banned",
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)],
    });
    return sent.id;
  }

  it("delivers a button from a DM message with no guild, then a modal submitted in that DM", async () => {
    const messageId = await dmWithButton(f.alice.id, "appeal:1");
    const pressed = f.onNextInteraction(async (interaction) => {
      if (!interaction.isButton()) throw new Error("expected a button");
      expect(interaction.guildId).toBeNull();
      expect(interaction.inGuild()).toBe(false);
      expect(interaction.member).toBeNull();
      expect(interaction.user.id).toBe(f.alice.id);
      expect(interaction.context).toBe(InteractionContextType.BotDM);
      expect(interaction.channel?.type).toBe(ChannelType.DM);
      expect(interaction.message.id).toBe(messageId);
      const input = new TextInputBuilder()
        .setCustomId("why")
        .setLabel("Why")
        .setStyle(TextInputStyle.Paragraph);
      await interaction.showModal(
        new ModalBuilder()
          .setCustomId("appeal-form:1")
          .setTitle("Appeal")
          .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)),
      );
    });
    const button = f.sim.dmButton({ userId: f.alice.id, customId: "appeal:1" });
    await pressed;
    expect((await button.reply()).modal?.custom_id).toBe("appeal-form:1");

    const submitted = f.onNextInteraction(async (interaction) => {
      if (!interaction.isModalSubmit()) throw new Error("expected a modal");
      expect(interaction.guildId).toBeNull();
      expect(interaction.user.id).toBe(f.alice.id);
      await interaction.reply({ content: `got: ${interaction.fields.getTextInputValue("why")}` });
    });
    const modal = f.sim.dmModalSubmit({
      userId: f.alice.id,
      customId: "appeal-form:1",
      fields: { why: "sorry" },
    });
    await submitted;
    const answer = await modal.reply();
    expect(answer).toMatchObject({ content: "got: sorry", channelId: f.sim.dmChannelWith(f.alice.id).id });
  });

  it("delivers a slash command used in DMs (no guild, no member) only when its contexts allow DMs", async () => {
    await f.client.application.commands.set([
      {
        name: "mine",
        description: "Mine",
        contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
        options: [{ type: ApplicationCommandOptionType.Integer, name: "count", description: "How many" }],
      },
      { name: "guildonly", description: "Guild only", contexts: [InteractionContextType.Guild] },
    ]);
    const used = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error("expected a slash command");
      expect(interaction.guildId).toBeNull();
      expect(interaction.inGuild()).toBe(false);
      expect(interaction.member).toBeNull();
      expect(interaction.context).toBe(InteractionContextType.BotDM);
      expect(interaction.channelId).toBe(f.sim.dmChannelWith(f.alice.id).id);
      await interaction.reply({
        content: `${interaction.user.username}: ${interaction.options.getInteger("count")}`,
      });
    });
    const command = f.sim.dmCommand({ userId: f.alice.id, name: "mine", options: { count: 3 } });
    await used;
    expect(await command.reply()).toMatchObject({
      content: "alice: 3",
      channelId: f.sim.dmChannelWith(f.alice.id).id,
    });
    expect(() => f.sim.dmCommand({ userId: f.alice.id, name: "guildonly" })).toThrow(/usable in DMs/);
    expect(() => f.sim.dmCommand({ userId: f.alice.id, name: "nosuch" })).toThrow(/usable in DMs/);
  });

  it("lets a user press only messages in their own DMs, but sends whatever custom id they forge", async () => {
    const messageId = await dmWithButton(f.alice.id, "appeal:1");
    expect(() => f.sim.dmButton({ userId: f.bob.id, messageId, customId: "appeal:1" })).toThrow(/DMs/);
    await dmWithButton(f.bob.id, "appeal:2");
    const pressed = f.onNextInteraction(async (interaction) => {
      if (!interaction.isButton()) throw new Error("expected a button");
      expect({ user: interaction.user.id, customId: interaction.customId }).toEqual({
        user: f.bob.id,
        customId: "appeal:1",
      });
      await interaction.reply({ content: "no" });
    });
    const forged = f.sim.dmButton({ userId: f.bob.id, customId: "appeal:1" });
    await pressed;
    expect((await forged.reply()).content).toBe("no");
  });
});
