import { ApplicationCommandOptionType, DiscordAPIError, MessageFlags, Routes } from "discord.js";
import { InteractionFixture } from "./interaction-fixture";

jest.setTimeout(15_000);

describe("slash commands through the simulator and a real discord.js Client", () => {
  const f = new InteractionFixture();
  beforeEach(() => f.setUp());
  afterEach(() => f.tearDown());

  it("delivers a registered slash command with typed options and a resolved member; ephemeral reply", async () => {
    await f.client.application.commands.set([
      {
        name: "warn",
        description: "Warn a member",
        options: [
          { type: ApplicationCommandOptionType.User, name: "user", description: "who", required: true },
          { type: ApplicationCommandOptionType.Integer, name: "points", description: "how bad" },
          { type: ApplicationCommandOptionType.String, name: "reason", description: "why" },
        ],
      },
    ]);
    const seen: unknown[] = [];
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error(`unexpected ${interaction.type}`);
      const member = interaction.options.getMember("user");
      seen.push(
        interaction.commandName,
        interaction.commandId,
        interaction.options.getUser("user")?.username,
        member && "displayName" in member ? member.displayName : null,
        interaction.options.getInteger("points"),
        interaction.options.getString("reason"),
        interaction.member?.user.id,
        interaction.channelId,
      );
      await interaction.reply({ content: "warned", flags: MessageFlags.Ephemeral });
    });
    const handle = f.sim.command({
      guildId: f.guild.id,
      userId: f.alice.id,
      name: "warn",
      options: { user: f.bob.id, points: "3", reason: "spam" },
    });
    await handled;
    const registeredId = f.sim.registeredCommands()[0]?.id;
    expect(seen).toEqual([
      "warn",
      registeredId,
      "bob",
      "Bobby",
      3,
      "spam",
      f.alice.id,
      f.guild.firstTextChannel().id,
    ]);
    const reply = await handle.reply();
    expect(reply).toMatchObject({ content: "warned", ephemeral: true, authorId: f.sim.botUser.id });
    expect((await handle.callback()).type).toBe(4);
    expect(f.guild.firstTextChannel().messages).toHaveLength(0);
  });

  it("shows a public reply in the channel, and infers option types for unregistered commands", async () => {
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const values = [interaction.options.getNumber("ratio"), interaction.options.getBoolean("loud")];
      await interaction.reply(
        `${interaction.options.getSubcommandGroup()}/${interaction.options.getSubcommand()} ${values.join(",")}`,
      );
    });
    const handle = f.sim.command({
      guildId: f.guild.id,
      userId: f.alice.id,
      name: "config",
      group: "limits",
      subcommand: "set",
      options: { ratio: 0.5, loud: true },
    });
    await handled;
    const reply = await handle.reply();
    expect(reply).toMatchObject({ content: "limits/set 0.5,true", ephemeral: false });
    expect(f.guild.firstTextChannel().messages.map((message) => message.id)).toEqual([reply.id]);
  });

  it("defers, then takes the first edit of @original as the reply; follow-ups are collected", async () => {
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply("finished");
      await interaction.followUp({ content: "one more thing", flags: MessageFlags.Ephemeral });
    });
    const handle = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "slow" });
    expect((await handle.callback()).type).toBe(5);
    expect((await handle.reply()).content).toBe("finished");
    const followUp = await handle.waitForFollowUp(1);
    await handled;
    expect(followUp).toMatchObject({ content: "one more thing", ephemeral: true });
    expect(handle.deferred).toBe(true);
    expect(handle.edits).toBe(1);
    expect(handle.followUps()).toHaveLength(1);
  });

  it("fills a deferred ephemeral reply with the first follow-up", async () => {
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.followUp("done");
      await interaction.followUp("and another");
    });
    const handle = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "work" });
    await handled;
    const reply = await handle.reply();
    expect(reply).toMatchObject({ content: "done", ephemeral: true });
    expect(handle.followUps().map((message) => [message.content, message.ephemeral])).toEqual([
      ["done", true],
      ["and another", false],
    ]);
    expect(handle.followUps()[0]?.id).toBe(reply.id);
  });

  it("takes the follow-up as the answer when the bot deleted its public thinking message", async () => {
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.deleteReply();
      await interaction.followUp({ content: "could not do it", flags: MessageFlags.Ephemeral });
    });
    const handle = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "work" });
    await handled;
    const answer = await handle.answer();
    expect(answer).toMatchObject({ content: "could not do it", ephemeral: true });
    await expect(handle.reply(200)).rejects.toThrow(/Timed out/);
  });

  it("takes the filled thinking message as the answer, not a later follow-up", async () => {
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply("the answer");
      await interaction.followUp("a later note");
    });
    const handle = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "work" });
    await handled;
    expect(await handle.answer()).toMatchObject({ content: "the answer" });
  });

  it("answers autocomplete with choices", async () => {
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      await interaction.respond([{ name: `${typed}-one`, value: "1" }]);
    });
    const handle = f.sim.autocomplete({
      guildId: f.guild.id,
      userId: f.alice.id,
      name: "tag",
      focused: "name",
      options: { name: "ab" },
    });
    await handled;
    expect((await handle.reply()).choices).toEqual([{ name: "ab-one", value: "1" }]);
  });

  it("returns the message with `withResponse`, and refuses a second callback with 40060", async () => {
    let secondError: unknown;
    let responseContent: string | undefined;
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({ content: "first", withResponse: true });
      responseContent = response.resource?.message?.content;
      secondError = await f.client.rest
        .post(Routes.interactionCallback(interaction.id, interaction.token), {
          body: { type: 4, data: { content: "second" } },
          auth: false,
        })
        .catch((error: unknown) => error);
    });
    f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "twice" });
    await handled;
    expect(responseContent).toBe("first");
    expect(secondError).toBeInstanceOf(DiscordAPIError);
    expect(secondError).toMatchObject({ code: 40060, status: 400 });
  });

  it("expires the interaction token for callbacks after 3 s (simulated clock)", async () => {
    let failure: unknown;
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      f.now += 3001;
      failure = await interaction.reply("too late").catch((error: unknown) => error);
    });
    const handle = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "late" });
    await handled;
    expect(failure).toMatchObject({ code: 10062, status: 404 });
    await expect(handle.reply(50)).rejects.toThrow(/reply to interaction/);
  });

  it("refuses options a registered command does not have", async () => {
    await f.client.application.commands.set([{ name: "ping", description: "Ping" }]);
    expect(() =>
      f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "ping", options: { x: 1 } }),
    ).toThrow(/no option "x"/);
  });
});
