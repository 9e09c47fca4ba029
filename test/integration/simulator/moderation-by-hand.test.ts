import { AuditLogEvent, Events, PermissionFlagsBits, type Client } from "discord.js";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../../simulator";
import { Clients, nextEvent } from "./helpers";

jest.setTimeout(15_000);

/** `sim.kickAs`, `sim.timeoutAs`, `sim.unbanAs`: a member acting in Discord's own UI, as bots see it. */
describe("moderation by hand in the simulator", () => {
  let sim: DiscordSimulator;
  let client: Client<true>;
  let guild: SimGuild;
  let mod: SimUser;
  let target: SimUser;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "By hand" });
    mod = sim.createUser({ username: "mod" });
    target = sim.createUser({ username: "target" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions:
        PermissionFlagsBits.KickMembers |
        PermissionFlagsBits.BanMembers |
        PermissionFlagsBits.ModerateMembers,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    guild.addMember(target.id);
    client = await clients.ready(sim);
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  const entry = () => nextEvent(client, Events.GuildAuditLogEntryCreate).then(([first]) => first);

  it("a kick: the member is gone and a MEMBER_KICK entry names the moderator and reason", async () => {
    const announced = entry();
    sim.kickAs({ guildId: guild.id, actorId: mod.id, userId: target.id, reason: "rule 1" });
    expect(await announced).toMatchObject({
      action: AuditLogEvent.MemberKick,
      executorId: mod.id,
      targetId: target.id,
      reason: "rule 1",
    });
    expect(guild.members.has(target.id)).toBe(false);
  });

  it("a timeout given then lifted: two MEMBER_UPDATE entries with the communication_disabled_until change", async () => {
    const until = new Date(Date.now() + 60_000);
    let announced = entry();
    sim.timeoutAs({ guildId: guild.id, actorId: mod.id, userId: target.id, until });
    expect((await announced).changes).toEqual([
      { key: "communication_disabled_until", new: until.toISOString() },
    ]);
    announced = entry();
    sim.timeoutAs({ guildId: guild.id, actorId: mod.id, userId: target.id, until: null, reason: "ok" });
    const lifted = await announced;
    expect(lifted).toMatchObject({ action: AuditLogEvent.MemberUpdate, executorId: mod.id, reason: "ok" });
    expect(lifted.changes).toEqual([{ key: "communication_disabled_until", old: until.toISOString() }]);
  });

  it("an unban: GUILD_BAN_REMOVE and a MEMBER_BAN_REMOVE entry; Discord's checks refuse a moderator below", async () => {
    const banned = entry();
    sim.banAs({ guildId: guild.id, actorId: mod.id, userId: target.id });
    await banned;
    const announced = entry();
    sim.unbanAs({ guildId: guild.id, actorId: mod.id, userId: target.id, reason: "appeal" });
    expect(await announced).toMatchObject({ action: AuditLogEvent.MemberBanRemove, reason: "appeal" });
    expect(guild.bans.has(target.id)).toBe(false);
    const boss = sim.createUser({ username: "boss" });
    guild.addMember(boss.id, { roles: [guild.createRole({ name: "High", position: 8 }).id] });
    expect(() => sim.kickAs({ guildId: guild.id, actorId: mod.id, userId: boss.id })).toThrow(
      expect.objectContaining({ status: 403 }) as Error,
    );
  });
});
