import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from "discord.js";
import { InteractionFixture } from "./interaction-fixture";

jest.setTimeout(15_000);

describe("buttons, select menus and modals through the simulator and a real discord.js Client", () => {
  const f = new InteractionFixture();
  beforeEach(() => f.setUp());
  afterEach(() => f.tearDown());

  it("routes a button on the bot's last message and takes `update` as the reply", async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId("count:0").setLabel("+1").setStyle(ButtonStyle.Primary),
    );
    const sent = f.onNextInteraction(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({ content: "count 0", components: [row] });
      }
    });
    const command = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "counter" });
    await sent;
    const pressed = f.onNextInteraction(async (interaction) => {
      if (!interaction.isButton()) throw new Error("expected a button");
      expect(interaction.message.content).toBe("count 0");
      await interaction.update({ content: `count 1 by ${interaction.user.username}` });
    });
    const button = f.sim.button({ guildId: f.guild.id, userId: f.alice.id, customId: "count:0" });
    await pressed;
    const updated = await button.reply();
    expect(updated).toMatchObject({ content: "count 1 by alice", id: (await command.reply()).id });
    expect(f.guild.firstTextChannel().messages[0]?.content).toBe("count 1 by alice");
  });

  it("defers an update on a button of a plain bot message, then takes the edit as the reply", async () => {
    const channel = f.client.channels.cache.get(f.guild.firstTextChannel().id);
    if (!channel?.isSendable()) throw new Error("no sendable channel");
    const button = new ButtonBuilder().setCustomId("vote").setLabel("Vote").setStyle(ButtonStyle.Success);
    const poll = await channel.send({
      content: "votes: 0",
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)],
    });
    const pressed = f.onNextInteraction(async (interaction) => {
      if (!interaction.isButton()) throw new Error("expected a button");
      await interaction.deferUpdate();
      await interaction.editReply({ content: "votes: 1", components: [] });
    });
    const handle = f.sim.button({ guildId: f.guild.id, userId: f.bob.id, customId: "vote" });
    await pressed;
    expect((await handle.callback()).type).toBe(6);
    expect(await handle.reply()).toMatchObject({ id: poll.id, content: "votes: 1", components: [] });
    expect(handle.deferred).toBe(true);
    expect(f.guild.firstTextChannel().messages.map((message) => message.content)).toEqual(["votes: 1"]);
  });

  it("delivers select-menu values", async () => {
    const menu = new StringSelectMenuBuilder()
      .setCustomId("colour")
      .addOptions({ label: "Red", value: "red" }, { label: "Blue", value: "blue" });
    const replied = f.onNextInteraction(async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: "pick",
          components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
        });
      }
    });
    const command = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "pick" });
    await replied;
    const picked = f.onNextInteraction(async (interaction) => {
      if (interaction.isStringSelectMenu()) await interaction.reply(`picked ${interaction.values.join("+")}`);
    });
    const select = f.sim.select({
      guildId: f.guild.id,
      userId: f.alice.id,
      customId: "colour",
      messageId: (await command.reply()).id,
      values: ["red", "blue"],
    });
    await picked;
    expect((await select.reply()).content).toBe("picked red+blue");
  });

  it("opens a modal and routes its submission with the field values", async () => {
    const opened = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const modal = new ModalBuilder()
        .setCustomId("report:7")
        .setTitle("Report")
        .addLabelComponents(
          new LabelBuilder()
            .setLabel("What happened?")
            .setTextInputComponent(
              new TextInputBuilder().setCustomId("details").setStyle(TextInputStyle.Paragraph),
            ),
        );
      await interaction.showModal(modal);
    });
    const command = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "report" });
    await opened;
    expect((await command.reply()).modal).toMatchObject({ custom_id: "report:7", title: "Report" });
    const submitted = f.onNextInteraction(async (interaction) => {
      if (!interaction.isModalSubmit()) throw new Error("expected a modal submission");
      const details = interaction.fields.getTextInputValue("details");
      await interaction.reply({
        content: `${interaction.customId}: ${details}`,
        flags: MessageFlags.Ephemeral,
      });
    });
    const submit = f.sim.modalSubmit({
      guildId: f.guild.id,
      userId: f.alice.id,
      customId: "report:7",
      fields: { details: "spam" },
    });
    await submitted;
    expect(await submit.reply()).toMatchObject({ content: "report:7: spam", ephemeral: true });
  });
});
