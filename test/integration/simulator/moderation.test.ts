import {
  AuditLogEvent,
  DiscordAPIError,
  Events,
  PermissionFlagsBits,
  type Client,
  type Guild,
} from "discord.js";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../../simulator";
import { Clients, nextEvent } from "./helpers";

jest.setTimeout(15_000);

describe("moderation through discord.js against the simulator", () => {
  let sim: DiscordSimulator;
  let client: Client<true>;
  let simGuild: SimGuild;
  let guild: Guild;
  let target: SimUser;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    simGuild = sim.createGuild({ name: "Moderated" });
    target = sim.createUser({ username: "target" });
    simGuild.addMember(target.id);
    client = await clients.ready(sim);
    const cached = client.guilds.cache.get(simGuild.id);
    if (!cached) throw new Error("guild not cached");
    guild = cached;
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  it("bans with a reason: guildBanAdd, the member leaves, recent messages go, the audit log records it", async () => {
    const channelId = simGuild.firstTextChannel().id;
    sim.postMessage({ channelId, userId: target.id, content: "spam" });
    const banned = nextEvent(client, Events.GuildBanAdd);
    const left = nextEvent(client, Events.GuildMemberRemove);
    const bulkDeleted = nextEvent(client, Events.MessageBulkDelete);
    await guild.members.ban(target.id, { reason: "spamming ünïcode", deleteMessageSeconds: 3600 });
    expect((await banned)[0].user.id).toBe(target.id);
    expect((await left)[0].id).toBe(target.id);
    expect((await bulkDeleted)[0].size).toBe(1);
    expect(simGuild.bans.get(target.id)).toEqual({ userId: target.id, reason: "spamming ünïcode" });
    expect(simGuild.members.has(target.id)).toBe(false);
    expect(simGuild.firstTextChannel().messages).toHaveLength(0);
    expect(simGuild.auditLog.at(-1)).toMatchObject({
      actionType: AuditLogEvent.MemberBanAdd,
      userId: sim.botUser.id,
      targetId: target.id,
      reason: "spamming ünïcode",
    });
    const fetched = await guild.bans.fetch(target.id);
    expect(fetched.reason).toBe("spamming ünïcode");
  });

  it("unbans: guildBanRemove and an audit entry; unbanning again is Unknown Ban", async () => {
    await guild.members.ban(target.id);
    const unbanned = nextEvent(client, Events.GuildBanRemove);
    await guild.members.unban(target.id, "appeal accepted");
    expect((await unbanned)[0].user.id).toBe(target.id);
    expect(simGuild.auditLog.at(-1)).toMatchObject({
      actionType: AuditLogEvent.MemberBanRemove,
      reason: "appeal accepted",
    });
    await expect(guild.members.unban(target.id)).rejects.toMatchObject({ code: 10026 });
  });

  it("kicks: guildMemberRemove and an audit entry with the reason", async () => {
    const member = await guild.members.fetch(target.id);
    const left = nextEvent(client, Events.GuildMemberRemove);
    await member.kick("rule 3");
    expect((await left)[0].id).toBe(target.id);
    const logs = await guild.fetchAuditLogs({ type: AuditLogEvent.MemberKick });
    expect(logs.entries.first()).toMatchObject({
      reason: "rule 3",
      targetId: target.id,
      executorId: sim.botUser.id,
    });
  });

  it("times out a member: guildMemberUpdate carries the end, the audit entry the change", async () => {
    const member = await guild.members.fetch(target.id);
    const updated = nextEvent(client, Events.GuildMemberUpdate);
    await member.timeout(60_000, "cool down");
    const [, after] = await updated;
    expect(after.isCommunicationDisabled()).toBe(true);
    const entry = simGuild.auditLog.at(-1);
    expect(entry).toMatchObject({ actionType: AuditLogEvent.MemberUpdate, reason: "cool down" });
    expect(entry?.changes?.[0]?.key).toBe("communication_disabled_until");
    await expect(member.timeout(29 * 24 * 60 * 60 * 1000)).rejects.toMatchObject({ code: 50035 });
  });

  it("refuses actions above the bot in the role hierarchy, on the owner, or without the permission (50013)", async () => {
    const admins = simGuild.createRole({ name: "Admins", position: 20 });
    const boss = sim.createUser({ username: "boss" });
    simGuild.addMember(boss.id, { roles: [admins.id] });
    const failure = await guild.members.ban(boss.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscordAPIError);
    expect(failure).toMatchObject({ code: 50013, status: 403, message: "Missing Permissions" });
    await expect(guild.members.kick(simGuild.ownerId)).rejects.toMatchObject({ code: 50013 });
    const botRole = [...simGuild.roles.values()].find((role) => role.name === "Warden");
    if (botRole) botRole.permissions &= ~PermissionFlagsBits.KickMembers;
    await expect(guild.members.kick(target.id)).rejects.toMatchObject({ code: 50013 });
    expect(simGuild.members.has(boss.id)).toBe(true);
  });

  it("adds and removes roles below the bot's highest role", async () => {
    const helpers = simGuild.createRole({ name: "Helpers", position: 3 });
    const member = await guild.members.fetch(target.id);
    await member.roles.add(helpers.id, "promoted");
    expect(simGuild.members.get(target.id)?.roles).toEqual([helpers.id]);
    await member.roles.remove(helpers.id);
    expect(simGuild.members.get(target.id)?.roles).toEqual([]);
    const above = simGuild.createRole({ name: "Above", position: 11 });
    await expect(member.roles.add(above.id)).rejects.toMatchObject({ code: 50013 });
    expect(
      simGuild.auditLog.filter((entry) => entry.actionType === AuditLogEvent.MemberRoleUpdate),
    ).toHaveLength(2);
  });

  it("announces a role change as one audit entry with $add and $remove, only to a bot that may view the audit log", async () => {
    const helpers = simGuild.createRole({ name: "Helpers", position: 3 });
    const regulars = simGuild.createRole({ name: "Regulars", position: 2 });
    simGuild.updateMember(target.id, (member) => member.roles.push(regulars.id));
    const announced = nextEvent(client, Events.GuildAuditLogEntryCreate);
    await guild.members.edit(target.id, { roles: [helpers.id], reason: "promoted" });
    const [entry] = await announced;
    expect(entry).toMatchObject({
      action: AuditLogEvent.MemberRoleUpdate,
      targetId: target.id,
      executorId: sim.botUser.id,
      reason: "promoted",
    });
    expect(entry.changes).toEqual([
      { key: "$add", new: [{ id: helpers.id, name: "Helpers" }] },
      { key: "$remove", new: [{ id: regulars.id, name: "Regulars" }] },
    ]);

    const unseen: unknown[] = [];
    client.on(Events.GuildAuditLogEntryCreate, (later) => unseen.push(later));
    const botRole = [...simGuild.roles.values()].find((role) => role.name === "Warden");
    if (botRole) botRole.permissions &= ~PermissionFlagsBits.ViewAuditLog;
    await guild.members.edit(target.id, { roles: [] });
    const banned = nextEvent(client, Events.GuildBanAdd);
    await guild.members.ban(target.id);
    await banned; // the gateway keeps order: an entry sent before the ban would have arrived by now
    expect(unseen).toEqual([]);
    expect(simGuild.auditLog.map((recorded) => recorded.actionType)).toEqual([
      AuditLogEvent.MemberRoleUpdate,
      AuditLogEvent.MemberRoleUpdate,
      AuditLogEvent.MemberBanAdd,
    ]);
  });

  it("sends DMs, and fails with 50007 to users who closed them", async () => {
    const user = await client.users.fetch(target.id);
    await user.send("You were warned.");
    expect(sim.dmsTo(target.id).map((message) => message.content)).toEqual(["You were warned."]);
    const closed = sim.createUser({ dmsClosed: true });
    await expect((await client.users.fetch(closed.id)).send("hi")).rejects.toMatchObject({ code: 50007 });
  });

  it("posts, edits and bulk-deletes channel messages", async () => {
    const channel = guild.channels.cache.find((candidate) => candidate.name === "general");
    if (!channel?.isTextBased()) throw new Error("no #general");
    const first = await channel.send("first");
    const second = await channel.send({ embeds: [{ title: "second" }] });
    await first.edit("first, edited");
    expect(simGuild.firstTextChannel().messages.map((message) => message.content)).toEqual([
      "first, edited",
      "",
    ]);
    const deleted = await channel.bulkDelete([first.id, second.id]);
    expect(deleted.size).toBe(2);
    expect(simGuild.firstTextChannel().messages).toHaveLength(0);
    await expect(channel.send("")).rejects.toMatchObject({ code: 50006 });
  });
});
