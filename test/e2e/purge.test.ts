import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ChannelsCog } from "../../src/cogs/channels/channels-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import {
  DiscordSimulator,
  type InteractionHandle,
  type PastMessage,
  type RecordedRequest,
  type SimChannel,
  type SimGuild,
  type SimUser,
} from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_purge_w${process.env.JEST_WORKER_ID ?? "0"}`;
const DAY_MS = 86_400_000;
const BULK = "/channels/:channel/messages/bulk-delete";
const SINGLE = "/channels/:channel/messages/:message";

jest.setTimeout(60_000);

describe("/purge end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let alice: SimUser;
  let robot: SimUser;
  let modLog: SimChannel;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Purge" });
    mod = sim.createUser({ username: "mod" });
    alice = sim.createUser({ username: "alice" });
    robot = sim.createUser({ username: "robot", bot: true });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ManageMessages,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    guild.addMember(alice.id);
    guild.addMember(robot.id);
    modLog = guild.createChannel({ name: "mod-log" });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ChannelsCog],
      env: { PRIVILEGED_INTENTS: "true" },
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

  const freshChannel = (name: string) => guild.createChannel({ name });
  const purge = (channel: SimChannel, options: Record<string, string | number | boolean>, userId = mod.id) =>
    sim.command({ guildId: guild.id, userId, channelId: channel.id, name: "purge", options });
  const seedYoung = (channel: SimChannel, count: number, authorId = alice.id) =>
    sim.seedHistory(
      channel.id,
      Array.from({ length: count }, (_, i): PastMessage => ({
        authorId,
        at: Date.now() - (i + 1) * 1000,
        content: `m${i}`,
      })),
    );
  /** The deferred reply's last edit (the final answer of a deferred purge). */
  const finalAnswer = async (handle: InteractionHandle, timeoutMs = 30_000): Promise<string> => {
    const edits = () => sim.requests.filter("PATCH", `/webhooks/:app/${handle.token}/messages/@original`);
    const content = (request: RecordedRequest | undefined) =>
      String((request?.body as { content?: string } | undefined)?.content ?? "");
    await eventually(() => /^Deleted/.test(content(edits().at(-1))), timeoutMs, "the purge's answer");
    return content(edits().at(-1));
  };
  const purgeEntries = () => modLog.messages.filter((message) => message.embeds[0]?.title === "Purge");
  const field = (name: string) =>
    purgeEntries()
      .at(-1)
      ?.embeds[0]?.fields?.find((f) => f.name === name)?.value;

  it("count:1000 takes at most 10 bulk deletes plus one per old message, never sends past an injected 429", async () => {
    const channel = freshChannel("flood");
    seedYoung(channel, 970);
    sim.seedHistory(
      channel.id,
      Array.from({ length: 30 }, (_, i) => ({ authorId: alice.id, at: Date.now() - 15 * DAY_MS - i * 1000 })),
    );
    sim.faults.inject({ method: "POST", path: BULK, status: 429, retryAfterSeconds: 0.4, times: 2 });
    sim.faults.inject({ method: "DELETE", path: SINGLE, status: 429, retryAfterSeconds: 0.4, times: 1 });
    const handle = purge(channel, { count: 1000, transcript: true });
    const answer = await finalAnswer(handle);
    expect(answer).toMatch(/^Deleted 1,000 messages in <#\d+>\.\n30 of them were older than 14 days/);
    expect(channel.messages).toHaveLength(0);

    const bulk = sim.requests.filter("POST", BULK);
    const singles = sim.requests.filter("DELETE", SINGLE);
    expect(bulk.filter((r) => r.status === 204)).toHaveLength(10);
    expect(bulk.filter((r) => r.status === 429)).toHaveLength(2);
    expect(singles.filter((r) => r.status === 204)).toHaveLength(30);
    for (const route of [bulk, singles]) {
      route.forEach((request, index) => {
        if (request.status !== 429) return;
        const next = route[index + 1];
        expect(next).toBeDefined();
        // Retry-After 0.4 s: the next request on that route must not arrive sooner.
        expect(Number((next?.at ?? 0n) - request.at)).toBeGreaterThanOrEqual(400_000_000);
      });
    }
    const progress = sim.requests
      .filter("PATCH", `/webhooks/:app/${handle.token}/messages/@original`)
      .map((r) => String((r.body as { content?: string }).content));
    expect(progress.some((line) => line.startsWith("Purging…"))).toBe(true);

    await eventually(() => purgeEntries().length > 0, 5000, "the Purge entry");
    expect(field("Deleted")).toBe("1000");
    expect(field("Older than 14 days")).toBe("30");
    expect(purgeEntries().at(-1)?.attachments[0]?.filename).toBe(`purge-${channel.id}.txt`);
  });

  it("filters: user, bots, links, attachments and contains delete only what matches", async () => {
    const channel = freshChannel("mixed");
    const now = Date.now();
    const seeded = sim.seedHistory(channel.id, [
      { authorId: alice.id, at: now - 6000, content: "hello" },
      { authorId: robot.id, at: now - 5000, content: "beep" },
      { authorId: mod.id, at: now - 4000, content: "see https://example.com" },
      { authorId: mod.id, at: now - 3000, content: "file", attachments: [{ filename: "a.png", size: 3 }] },
      { authorId: mod.id, at: now - 2000, content: "FREE nitro here" },
    ]);
    const left = () => channel.messages.map((message) => message.content);
    expect(await finalAnswer(purge(channel, { count: 10, user: alice.id }))).toMatch(/^Deleted 1 message/);
    expect(await finalAnswer(purge(channel, { count: 10, bots: true }))).toMatch(/^Deleted 1 message/);
    expect(await finalAnswer(purge(channel, { count: 10, links: true }))).toMatch(/^Deleted 1 message/);
    expect(await finalAnswer(purge(channel, { count: 10, attachments: true }))).toMatch(/^Deleted 1 message/);
    expect(left()).toEqual(["FREE nitro here"]);
    expect(await finalAnswer(purge(channel, { count: 10, contains: "nitro" }))).toMatch(/^Deleted 1 message/);
    expect(left()).toEqual([]);
    expect(seeded).toHaveLength(5);
    expect(field("Filters")).toBe('contains:"nitro"');
  });

  it("before/after (a link or an id) bound the purge; a link elsewhere or nonsense is refused", async () => {
    const channel = freshChannel("window");
    const ids = seedYoung(channel, 6).map((message) => message.id); // oldest first
    const link = (id: string) => `https://discord.com/channels/${guild.id}/${channel.id}/${id}`;
    const answer = await finalAnswer(
      purge(channel, { count: 100, before: link(ids[4] ?? ""), after: ids[1] ?? "" }),
    );
    expect(answer).toMatch(/^Deleted 2 messages/);
    expect(channel.messages.map((message) => message.id)).toEqual([ids[0], ids[1], ids[4], ids[5]]);
    const elsewhere = await purge(channel, {
      count: 5,
      before: `https://discord.com/channels/${guild.id}/${modLog.id}/${ids[0] ?? ""}`,
    }).answer();
    expect(elsewhere.content).toMatch(/before.*must be a message in <#\d+>/s);
    const nonsense = await purge(channel, { count: 5, after: "yesterday" }).answer();
    expect(nonsense.content).toMatch(/after.*must be a message link or a message id/s);
    expect(channel.messages).toHaveLength(4);
  });

  it("a 403 mid-purge stops with what was deleted so far, said in the reply and the mod log", async () => {
    const channel = freshChannel("refused");
    seedYoung(channel, 250);
    sim.faults.inject({
      method: "POST",
      path: BULK,
      times: 1,
      hold: async () => sim.faults.inject({ method: "POST", path: BULK, status: 403 }),
    });
    const answer = await finalAnswer(purge(channel, { count: 250 }));
    expect(answer).toContain("Deleted 100 messages");
    expect(answer).toContain("100 matching messages were not deleted."); // the second page; the rest was never read
    expect(answer).toContain("Stopped early: Discord refused");
    expect(channel.messages).toHaveLength(150);
    await eventually(() => field("Stopped early") !== undefined, 5000, "the stopped Purge entry");
  });

  it("a 404 (the channel deleted) mid-purge ends in a clear answer", async () => {
    const channel = freshChannel("vanishing");
    seedYoung(channel, 150);
    sim.faults.inject({
      method: "POST",
      path: BULK,
      times: 1,
      hold: async () => sim.faults.inject({ method: "DELETE", path: SINGLE, status: 404, code: 10003 }),
    });
    const answer = await finalAnswer(purge(channel, { count: 101 }));
    expect(answer).toContain("Deleted 100 messages");
    expect(answer).toContain("Stopped early: the channel is gone.");
  });

  it("refuses members without Manage Messages, and a bot without it (here or in the channel given)", async () => {
    const channel = freshChannel("guarded");
    seedYoung(channel, 3);
    const plain = await purge(channel, { count: 1 }, alice.id).answer();
    expect(plain.content).toMatch(/^You need .*Manage Messages.* to use/);
    const warden = [...guild.roles.values()].find((role) => role.name === "Warden");
    guild.updateChannel(channel.id, (changed) =>
      changed.permissionOverwrites.push({
        id: warden?.id ?? "",
        type: 0,
        allow: 0n,
        deny: PermissionFlagsBits.ManageMessages,
      }),
    );
    const here = await purge(channel, { count: 1 }).answer();
    expect(here.content).toBe("I need the Manage Messages permission in this channel to do that.");
    const other = freshChannel("other");
    const there = await purge(other, { count: 1, channel: channel.id }).answer();
    expect(there.content).toBe(`I need Manage Messages in <#${channel.id}> to do that.`);
    expect(channel.messages).toHaveLength(3);
  });
});

describe("/purge without the Message Content intent", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  const database = `${DATABASE}_nocontent`;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(database, { migrated: true }),
      cogs: [ChannelsCog],
    }));
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(database);
  });

  it("refuses the contains and links filters, which could never match", async () => {
    const guild = sim.createGuild({ name: "NoContent" });
    await eventually(() => app.bot.client.guilds.cache.has(guild.id), 5000, "the guild");
    const reply = await sim
      .command({
        guildId: guild.id,
        userId: guild.ownerId,
        name: "purge",
        options: { count: 5, contains: "x" },
      })
      .answer();
    expect(reply.content).toMatch(/need the Message Content intent/);
  });
});
