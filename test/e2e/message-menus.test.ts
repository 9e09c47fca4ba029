import { ApplicationCommandType, PermissionFlagsBits, type GuildChannel } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ComponentSigner } from "../../src/bot/component-signer";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { CaseAnnotations } from "../../src/controllers/case-annotations";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { CaseType } from "../../src/entities";
import {
  DiscordSimulator,
  type InteractionHandle,
  type RecordedRequest,
  type SimChannel,
  type SimGuild,
  type SimUser,
} from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { makeCase } from "../support/factories";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_message_menus_w${process.env.JEST_WORKER_ID ?? "0"}`;
const BULK = "/channels/:channel/messages/bulk-delete";
const SINGLE = "/channels/:channel/messages/:message";
const EVIDENCE = "Add as evidence to a case";
const PURGE = "Purge after this";

jest.setTimeout(60_000);

describe('message menus "Add as evidence to a case" and "Purge after this" end to end', () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let alice: SimUser;
  let modsRole: string;
  let modLog: SimChannel;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Message Menus" });
    mod = sim.createUser({ username: "mod" });
    alice = sim.createUser({ username: "alice" });
    modsRole = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ManageMessages | PermissionFlagsBits.ModerateMembers,
    }).id;
    guild.addMember(mod.id, { roles: [modsRole] });
    guild.addMember(alice.id);
    modLog = guild.createChannel({ name: "mod-log" });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ChannelsCog, CasesCog],
    }));
    await app.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId: modLog.id });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => {
    sim.faults.clear();
    sim.requests.clear();
  });

  /** A channel with `count` messages by alice, oldest first. */
  function channelWith(name: string, count: number): { channel: SimChannel; ids: string[] } {
    const channel = guild.createChannel({ name });
    const messages = sim.seedHistory(
      channel.id,
      Array.from({ length: count }, (_, i) => ({
        authorId: alice.id,
        at: Date.now() - (count - i) * 1000,
        content: `m${i}`,
      })),
    );
    return { channel, ids: messages.map((message) => message.id) };
  }
  const member = (name: string, roles: string[] = []): SimUser => {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id, { roles });
    return user;
  };
  const open = (name: string, messageId: string, userId = mod.id, locale?: string) =>
    sim
      .messageMenu({ guildId: guild.id, userId, name, targetId: messageId, ...(locale ? { locale } : {}) })
      .answer();
  const send = (customId: string, fields: Record<string, string>, userId = mod.id): InteractionHandle =>
    sim.modalSubmit({ guildId: guild.id, userId, customId, fields });
  async function submit(name: string, messageId: string, fields: Record<string, string>, userId = mod.id) {
    const opened = await open(name, messageId, userId);
    const customId = opened.modal?.custom_id;
    if (!customId) throw new Error(`"${name}" answered without a modal: ${opened.content}`);
    return send(customId, fields, userId);
  }
  const newCase = (reason = "spam") =>
    makeCase(app.container, {
      guildId: guild.id,
      type: CaseType.Warn,
      targetId: alice.id,
      moderatorId: mod.id,
      reason,
    });
  const evidenceOf = async (caseId: number) => app.container.resolve(CaseAnnotations).forCase(caseId);
  const linkTo = (channel: SimChannel, id: string) =>
    `https://discord.com/channels/${guild.id}/${channel.id}/${id}`;

  /** The deferred reply's last edit (the purge's final answer). */
  const finalAnswer = async (handle: InteractionHandle): Promise<string> => {
    const edits = () => sim.requests.filter("PATCH", `/webhooks/:app/${handle.token}/messages/@original`);
    const content = (request: RecordedRequest | undefined) =>
      String((request?.body as { content?: string } | undefined)?.content ?? "");
    await eventually(() => /^Deleted/.test(content(edits().at(-1))), 30_000, "the purge's answer");
    return content(edits().at(-1));
  };
  const purgeEntries = () => modLog.messages.filter((message) => message.embeds[0]?.title === "Purge");

  it("registers both message menus with Discord, their names localised", () => {
    const menus = sim
      .registeredCommands()
      .filter((command) => command.type === ApplicationCommandType.Message);
    expect(menus.map((command) => command.name).sort()).toEqual([EVIDENCE, PURGE]);
    const purge = menus.find((command) => command.name === PURGE);
    expect(purge?.name_localizations).toMatchObject({ de: expect.any(String), "es-ES": expect.any(String) });
    expect(purge?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageMessages));
    const evidence = menus.find((command) => command.name === EVIDENCE);
    expect(evidence?.default_member_permissions).toBe(String(PermissionFlagsBits.ModerateMembers));
  });

  describe(EVIDENCE, () => {
    it("adds the message's link as evidence, and the note when one is given", async () => {
      const { channel, ids } = channelWith("evidence", 2);
      const kase = await newCase();
      const opened = await open(EVIDENCE, ids[0]!);
      expect(opened.modal?.title).toBe("Add as evidence to a case");
      // A note left blank is no note.
      const plain = await send(opened.modal!.custom_id, { number: String(kase.number), note: "  " }).answer();
      expect(plain).toMatchObject({
        ephemeral: true,
        content: `Added a message link to case #${kase.number} as evidence.`,
      });
      const noted = await (
        await submit(EVIDENCE, ids[1]!, { number: ` ${kase.number} `, note: "the slur, before deleting it" })
      ).answer();
      expect(noted.content).toBe(
        `Added a message link to case #${kase.number} as evidence.\nAdded a note to case #${kase.number}.`,
      );
      const stored = await evidenceOf(kase.id);
      expect(stored.map((item) => [item.kind, item.url, item.addedBy])).toEqual([
        ["link", linkTo(channel, ids[0]!), mod.id],
        ["link", linkTo(channel, ids[1]!), mod.id],
      ]);
    });

    it("refuses an unknown or deleted case, and a number that is not one, naming the field", async () => {
      const { ids } = channelWith("evidence-bad", 1);
      const kase = await newCase();
      const ask = async (number: string) =>
        (await (await submit(EVIDENCE, ids[0]!, { number })).answer()).content;
      expect(await ask("99999")).toBe("Case #99999 not found.");
      expect(await ask("abc")).toMatch(/`number`: must be a whole number/);
      expect(await ask("0")).toMatch(/`number`: must be 1 or more/);
      await sim
        .command({
          guildId: guild.id,
          userId: mod.id,
          name: "case",
          subcommand: "delete",
          options: { number: kase.number, reason: "mistake" },
        })
        .answer();
      expect(await ask(String(kase.number))).toBe(
        `Case #${kase.number} is deleted: it takes no more evidence.`,
      );
      expect(await evidenceOf(kase.id)).toEqual([]);
    });

    it("refuses members without the permission, on the menu and again on the modal", async () => {
      const { ids } = channelWith("evidence-perm", 1);
      const kase = await newCase();
      expect((await open(EVIDENCE, ids[0]!, alice.id)).content).toMatch(
        /^You need .* to use "Add as evidence/,
      );
      const demoted = member("demoted-evidence", [modsRole]);
      const opened = await open(EVIDENCE, ids[0]!, demoted.id);
      guild.member(demoted.id).roles = [];
      const late = await send(opened.modal!.custom_id, { number: String(kase.number) }, demoted.id).answer();
      expect(late.content).toMatch(/^You need .* to use \/case evidence\.$/);
      expect(await evidenceOf(kase.id)).toEqual([]);
    });

    it("refuses a forged custom id, and a signed one made in another server", async () => {
      const kase = await newCase();
      const forged = await send(`menu-evidence:${guild.id}/1/2~forgedforgedfo`, {
        number: String(kase.number),
      }).answer();
      expect(forged.content).toMatch(/no longer works/);
      const elsewhere = app.container
        .resolve(ComponentSigner)
        .sign(`menu-evidence:${"9".repeat(18)}/${"1".repeat(18)}/${"2".repeat(18)}`);
      const refused = await send(elsewhere, { number: String(kase.number) }).answer();
      expect(refused.content).toBe("That is not a link to a message in this server.");
      expect(await evidenceOf(kase.id)).toEqual([]);
    });
  });

  describe(PURGE, () => {
    it("opens with 100 filled in and purges what came after the message, as /purge after: does", async () => {
      const { channel, ids } = channelWith("purge-after", 6);
      const opened = await open(PURGE, ids[2]!);
      expect(opened.modal?.title).toBe("Purge the messages after this one");
      expect(JSON.stringify(opened.modal?.components)).toContain('"value":"100"');
      const answer = await finalAnswer(send(opened.modal!.custom_id, { count: "100" }));
      expect(answer).toBe(`Deleted 3 messages in <#${channel.id}>.`);
      expect(channel.messages.map((message) => message.id)).toEqual(ids.slice(0, 3));
      await eventually(() => purgeEntries().length > 0, 5000, "the Purge entry");
      const filters = purgeEntries()
        .at(-1)
        ?.embeds[0]?.fields?.find((f) => f.name === "Filters")?.value;
      expect(filters).toBe(`after:${ids[2]}`);
    });

    it("deletes at most the count given, newest first", async () => {
      const { channel, ids } = channelWith("purge-count", 6);
      const answer = await finalAnswer(await submit(PURGE, ids[0]!, { count: "2" }));
      expect(answer).toBe(`Deleted 2 messages in <#${channel.id}>.`);
      expect(channel.messages.map((message) => message.id)).toEqual(ids.slice(0, 4));
    });

    it("refuses a count outside 1–1000 or not a number, naming /purge's option, and deletes nothing", async () => {
      const { channel, ids } = channelWith("purge-bad", 3);
      for (const count of ["0", "1001", "lots", "-5"]) {
        const reply = await (await submit(PURGE, ids[0]!, { count })).answer();
        expect(reply.content).toMatch(/`count`: must be (a whole number from 1 to 1,000|a whole number)/);
      }
      expect(channel.messages).toHaveLength(3);
    });

    it("refuses members without Manage Messages on the menu, and again on the modal", async () => {
      const { channel, ids } = channelWith("purge-perm", 3);
      expect((await open(PURGE, ids[0]!, alice.id)).content).toMatch(
        /^You need .*Manage Messages.* to use "Purge after this"/,
      );
      const demoted = member("demoted-purge", [modsRole]);
      const opened = await open(PURGE, ids[0]!, demoted.id);
      guild.member(demoted.id).roles = [];
      const late = await send(opened.modal!.custom_id, { count: "10" }, demoted.id).answer();
      expect(late.content).toMatch(/^You need .*Manage Messages.* to use \/purge\.$/);
      expect(channel.messages).toHaveLength(3);
    });

    it("refuses when the bot lacks Manage Messages in the channel, on the menu and on the modal", async () => {
      const { channel, ids } = channelWith("purge-bot", 3);
      const opened = await open(PURGE, ids[0]!);
      const warden = [...guild.roles.values()].find((role) => role.name === "Warden");
      guild.updateChannel(channel.id, (changed) =>
        changed.permissionOverwrites.push({
          id: warden?.id ?? "",
          type: 0,
          allow: 0n,
          deny: PermissionFlagsBits.ManageMessages,
        }),
      );
      const seen = () => app.bot.client.channels.cache.get(channel.id);
      await eventually(
        () => (seen() as GuildChannel | undefined)?.permissionOverwrites.cache.has(warden?.id ?? "") === true,
        5000,
        "the bot to see the overwrite",
      );
      expect((await open(PURGE, ids[0]!)).content).toBe(
        "I need the Manage Messages permission in this channel to do that.",
      );
      expect((await send(opened.modal!.custom_id, { count: "10" }).answer()).content).toMatch(
        /Manage Messages/,
      );
      expect(channel.messages).toHaveLength(3);
    });

    it("a Discord 403 or 404 mid-purge ends with what was done, said in the reply", async () => {
      const refused = channelWith("purge-403", 5);
      sim.faults.inject({ method: "POST", path: BULK, status: 403 });
      const answer = await finalAnswer(await submit(PURGE, refused.ids[0]!, { count: "10" }));
      expect(answer).toContain("Deleted 0 messages");
      expect(answer).toContain("Stopped early: Discord refused");
      expect(refused.channel.messages).toHaveLength(5);
      sim.faults.clear();
      const gone = channelWith("purge-404", 2);
      sim.faults.inject({ method: "DELETE", path: SINGLE, status: 404, code: 10003 });
      const lone = await finalAnswer(await submit(PURGE, gone.ids[0]!, { count: "10" }));
      expect(lone).toContain("Stopped early: the channel is gone.");
    });

    it("answers in the member's language", async () => {
      const { ids } = channelWith("purge-de", 1);
      const opened = await open(PURGE, ids[0]!, mod.id, "de");
      expect(opened.modal?.title).toBe("Nachrichten danach löschen");
    });
  });
});
