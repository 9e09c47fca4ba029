import { ApplicationCommandType, MessageFlags } from "discord.js";
import { InteractionFixture } from "./interaction-fixture";

jest.setTimeout(15_000);

describe("context menus (user and message commands) through the simulator and a real discord.js Client", () => {
  const f = new InteractionFixture();
  beforeEach(() => f.setUp());
  afterEach(() => f.tearDown());

  it("delivers a user command with target_id, the resolved user and member, and the registered id", async () => {
    await f.client.application.commands.set([
      { type: ApplicationCommandType.User, name: "Warn" },
      { type: ApplicationCommandType.Message, name: "Warn" },
    ]);
    const seen: unknown[] = [];
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isUserContextMenuCommand()) throw new Error(`unexpected ${interaction.type}`);
      const member = interaction.targetMember;
      seen.push(
        interaction.commandName,
        interaction.commandType,
        interaction.commandId,
        interaction.targetId,
        interaction.targetUser.username,
        member && "displayName" in member ? member.displayName : null,
      );
      await interaction.reply({ content: "ok", flags: MessageFlags.Ephemeral });
    });
    const handle = f.sim.userMenu({
      guildId: f.guild.id,
      userId: f.alice.id,
      name: "Warn",
      targetId: f.bob.id,
    });
    await handled;
    const registered = f.sim
      .registeredCommands()
      .find((command) => command.type === ApplicationCommandType.User);
    expect(seen).toEqual(["Warn", ApplicationCommandType.User, registered?.id, f.bob.id, "bob", "Bobby"]);
    expect((await handle.reply()).content).toBe("ok");
  });

  it("resolves a user who is not a member without a member", async () => {
    const stranger = f.sim.createUser({ username: "stranger" });
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isUserContextMenuCommand()) throw new Error("not a user menu");
      await interaction.reply({
        content: `${interaction.targetUser.username}:${String(interaction.targetMember)}`,
      });
    });
    const handle = f.sim.userMenu({
      guildId: f.guild.id,
      userId: f.alice.id,
      name: "Note",
      targetId: stranger.id,
    });
    await handled;
    expect((await handle.reply()).content).toBe("stranger:null");
  });

  it("delivers a message command from the message's channel, the message resolved; can open a modal", async () => {
    const channel = f.guild.createChannel({ name: "spam" });
    const posted = f.sim.postMessage({ channelId: channel.id, userId: f.bob.id, content: "buy now" });
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isMessageContextMenuCommand()) throw new Error("not a message menu");
      const { targetMessage } = interaction;
      await interaction.showModal({
        custom_id: `report:${targetMessage.id}`,
        title: `${targetMessage.author.username} in ${interaction.channelId === channel.id ? "spam" : "?"}`,
        components: [{ type: 1, components: [{ type: 4, custom_id: "why", label: "Why", style: 1 }] }],
      });
    });
    const handle = f.sim.messageMenu({
      guildId: f.guild.id,
      userId: f.alice.id,
      name: "Report",
      targetId: posted.id,
    });
    await handled;
    const reply = await handle.reply();
    expect(reply.modal).toMatchObject({ custom_id: `report:${posted.id}`, title: "bob in spam" });
  });

  it("refuses (as a test mistake) a target that does not exist", () => {
    expect(() =>
      f.sim.userMenu({
        guildId: f.guild.id,
        userId: f.alice.id,
        name: "Warn",
        targetId: "1234567890123456789",
      }),
    ).toThrow(/no user/);
    expect(() =>
      f.sim.messageMenu({
        guildId: f.guild.id,
        userId: f.alice.id,
        name: "Report",
        targetId: "1234567890123456789",
      }),
    ).toThrow(/no message/);
  });

  it("accepts menu names with capitals and spaces, which a slash command may not have", async () => {
    await f.client.application.commands.set([
      { type: ApplicationCommandType.Message, name: "Purge after this" },
    ]);
    expect(f.sim.registeredCommands().map((command) => command.name)).toEqual(["Purge after this"]);
    await expect(
      f.client.application.commands.set([
        { type: ApplicationCommandType.ChatInput, name: "Bad Name", description: "x" },
      ]),
    ).rejects.toThrow(/Invalid Form Body/);
  });
});
