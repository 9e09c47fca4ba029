import {
  AuditLogEvent,
  DiscordAPIError,
  Events,
  OverwriteType,
  PermissionFlagsBits,
  Routes,
  type Client,
  type TextChannel,
} from "discord.js";
import { DiscordSimulator, generateSnowflake, type SimGuild, type SimUser } from "../../../simulator";
import { Clients, nextEvent } from "./helpers";

jest.setTimeout(15_000);

const DAY_MS = 86_400_000;

describe("channel history, purging, slowmode and overwrites through discord.js against the simulator", () => {
  let sim: DiscordSimulator;
  let client: Client<true>;
  let simGuild: SimGuild;
  let author: SimUser;
  let channel: TextChannel;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    simGuild = sim.createGuild({ name: "Channels" });
    author = sim.createUser({ username: "author" });
    simGuild.addMember(author.id);
    client = await clients.ready(sim);
    const cached = client.channels.cache.get(simGuild.firstTextChannel().id);
    if (!cached?.isTextBased() || cached.isDMBased()) throw new Error("channel not cached");
    channel = cached as TextChannel;
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  const seed = (ages: number[]) =>
    sim.seedHistory(
      channel.id,
      ages.map((ageMs, index) => ({ authorId: author.id, at: Date.now() - ageMs, content: `m${index}` })),
    );

  it("seeded history is listed newest first, paged with before/after and limit", async () => {
    const seeded = seed([3 * DAY_MS, 2 * DAY_MS, DAY_MS, 1000]);
    const ids = seeded.map((message) => message.id);
    const page = (await client.rest.get(Routes.channelMessages(channel.id), {
      query: new URLSearchParams({ limit: "2" }),
    })) as { id: string; timestamp: string }[];
    expect(page.map((message) => message.id)).toEqual([ids[3], ids[2]]);
    const before = (await client.rest.get(Routes.channelMessages(channel.id), {
      query: new URLSearchParams({ before: ids[2] ?? "", limit: "100" }),
    })) as { id: string }[];
    expect(before.map((message) => message.id)).toEqual([ids[1], ids[0]]);
    const after = (await client.rest.get(Routes.channelMessages(channel.id), {
      query: new URLSearchParams({ after: ids[0] ?? "", limit: "2" }),
    })) as { id: string }[];
    expect(after.map((message) => message.id)).toEqual([ids[2], ids[1]]);
    expect(new Date(page[1]?.timestamp ?? 0).getTime()).toBeLessThan(Date.now() - DAY_MS + 1000);
  });

  it("bulk delete takes 2–100 recent ids, refuses any older than 14 days with 50034, ignores unknown ones", async () => {
    const [old, young, younger] = seed([15 * DAY_MS, 2000, 1000]).map((message) => message.id);
    const bulk = (messages: string[]) =>
      client.rest.post(Routes.channelBulkDelete(channel.id), { body: { messages } });
    await expect(bulk([young ?? ""])).rejects.toMatchObject({ status: 400, code: 50035 });
    await expect(bulk([old ?? "", young ?? ""])).rejects.toMatchObject({ status: 400, code: 50034 });
    expect(simGuild.firstTextChannel().messages).toHaveLength(3);
    await bulk([young ?? "", younger ?? "", generateSnowflake()]);
    expect(simGuild.firstTextChannel().messages.map((message) => message.id)).toEqual([old]);
    await client.rest.delete(Routes.channelMessage(channel.id, old ?? ""));
    expect(simGuild.firstTextChannel().messages).toHaveLength(0);
    const entries = simGuild.auditLog.map((entry) => entry.actionType);
    expect(entries).toEqual([AuditLogEvent.MessageBulkDelete, AuditLogEvent.MessageDelete]);
  });

  it("a bot without Manage Messages cannot bulk delete; without Read Message History cannot list", async () => {
    const ids = seed([2000, 1000]).map((message) => message.id);
    simGuild.firstTextChannel().permissionOverwrites.push({
      id: [...simGuild.roles.values()].find((role) => role.name === "Warden")?.id ?? "",
      type: OverwriteType.Role,
      allow: 0n,
      deny: PermissionFlagsBits.ManageMessages,
    });
    await expect(
      client.rest.post(Routes.channelBulkDelete(channel.id), { body: { messages: ids } }),
    ).rejects.toMatchObject({ status: 403, code: 50013 });
  });

  it("slowmode: PATCH rate_limit_per_user up to 21600 s, CHANNEL_UPDATE, an audit entry; more is refused", async () => {
    const updated = nextEvent(client, Events.ChannelUpdate);
    await channel.setRateLimitPerUser(30, "calm down");
    await updated;
    expect(simGuild.firstTextChannel().rateLimitPerUser).toBe(30);
    expect(channel.rateLimitPerUser).toBe(30);
    expect(simGuild.auditLog.at(-1)).toMatchObject({
      actionType: AuditLogEvent.ChannelUpdate,
      reason: "calm down",
      changes: [{ key: "rate_limit_per_user", old_value: 0, new_value: 30 }],
    });
    const refused = await channel.setRateLimitPerUser(21_601).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ status: 400, code: 50035 });
    await channel.setRateLimitPerUser(21_600);
    expect(simGuild.firstTextChannel().rateLimitPerUser).toBe(21_600);
  });

  it("overwrites: PUT keeps exact bits, DELETE removes (then 10009), bits the bot lacks are refused", async () => {
    const everyone = simGuild.id;
    const deny = PermissionFlagsBits.SendMessages | PermissionFlagsBits.CreatePublicThreads;
    const put = (allow: bigint, denyBits: bigint) =>
      client.rest.put(Routes.channelPermission(channel.id, everyone), {
        body: { type: OverwriteType.Role, allow: String(allow), deny: String(denyBits) },
        reason: "lock",
      });
    const updated = nextEvent(client, Events.ChannelUpdate);
    await put(PermissionFlagsBits.EmbedLinks, deny);
    await updated;
    expect(simGuild.firstTextChannel().permissionOverwrites).toEqual([
      { id: everyone, type: OverwriteType.Role, allow: PermissionFlagsBits.EmbedLinks, deny },
    ]);
    expect(channel.permissionOverwrites.cache.get(everyone)?.deny.bitfield).toBe(deny);
    expect(simGuild.auditLog.at(-1)?.actionType).toBe(AuditLogEvent.ChannelOverwriteCreate);
    await expect(put(0n, PermissionFlagsBits.Administrator)).rejects.toMatchObject({ code: 50013 });
    await client.rest.delete(Routes.channelPermission(channel.id, everyone));
    expect(simGuild.firstTextChannel().permissionOverwrites).toEqual([]);
    await expect(client.rest.delete(Routes.channelPermission(channel.id, everyone))).rejects.toMatchObject({
      status: 404,
      code: 10009,
    });
  });

  it("a bot without Manage Channels cannot set slowmode, without Manage Roles cannot edit overwrites", async () => {
    const warden = [...simGuild.roles.values()].find((role) => role.name === "Warden");
    if (!warden) throw new Error("no bot role");
    warden.permissions &= ~(PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageRoles);
    await expect(channel.setRateLimitPerUser(5)).rejects.toMatchObject({ status: 403, code: 50013 });
    await expect(
      client.rest.put(Routes.channelPermission(channel.id, simGuild.id), {
        body: { type: OverwriteType.Role, deny: String(PermissionFlagsBits.SendMessages) },
      }),
    ).rejects.toMatchObject({ status: 403, code: 50013 });
  });
});
