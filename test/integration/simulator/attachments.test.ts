import { ApplicationCommandOptionType, AttachmentBuilder, DiscordAPIError, MessageFlags } from "discord.js";
import { InteractionFixture } from "./interaction-fixture";

jest.setTimeout(15_000);

describe("files through the simulator: uploads with a command, and files the bot sends", () => {
  const f = new InteractionFixture();
  beforeEach(() => f.setUp());
  afterEach(() => f.tearDown());

  it("resolves an attachment option with a URL that serves the uploaded bytes", async () => {
    await f.client.application.commands.set([
      {
        name: "upload",
        description: "Take a file",
        options: [
          { type: ApplicationCommandOptionType.Attachment, name: "file", description: "it", required: true },
        ],
      },
    ]);
    const file = f.sim.upload({ filename: "notes.json", content: Buffer.from('{"a":1}') });
    const seen: unknown[] = [];
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error("not a command");
      const attachment = interaction.options.getAttachment("file", true);
      const body = await (await fetch(attachment.url)).text();
      seen.push(attachment.id, attachment.name, attachment.size, body);
      await interaction.reply({ content: "read", flags: MessageFlags.Ephemeral });
    });
    f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "upload", options: { file: file.id } });
    await handled;
    expect(seen).toEqual([file.id, "notes.json", 7, '{"a":1}']);
  });

  it("keeps the bytes of a file the bot sends, and refuses one over 10 MiB with 40005", async () => {
    const handled = f.onNextInteraction(async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error("not a command");
      await interaction.deferReply();
      const big = new AttachmentBuilder(Buffer.alloc(10 * 1024 * 1024 + 1), { name: "big.bin" });
      const error = await interaction.editReply({ files: [big] }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DiscordAPIError);
      expect((error as DiscordAPIError).code).toBe(40005);
      await interaction.editReply({
        files: [new AttachmentBuilder(Buffer.from("a,b\n1,2\n"), { name: "t.csv" })],
      });
    });
    const handle = f.sim.command({ guildId: f.guild.id, userId: f.alice.id, name: "export" });
    await handled;
    const reply = await handle.reply();
    expect(reply.attachments).toEqual([expect.objectContaining({ filename: "t.csv", size: 8 })]);
    expect(reply.attachments[0]?.data?.toString()).toBe("a,b\n1,2\n");
  });
});
