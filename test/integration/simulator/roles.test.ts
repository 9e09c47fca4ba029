import { Events, type Client, type Guild } from "discord.js";
import { DiscordSimulator, type SimGuild } from "../../../simulator";
import { Clients, nextEvent } from "./helpers";

jest.setTimeout(15_000);

describe("roles changed in Discord's own interface reach discord.js", () => {
  let sim: DiscordSimulator;
  let client: Client<true>;
  let simGuild: SimGuild;
  let guild: Guild;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    simGuild = sim.createGuild({ name: "Roles" });
    client = await clients.ready(sim);
    const cached = client.guilds.cache.get(simGuild.id);
    if (!cached) throw new Error("guild not cached");
    guild = cached;
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  it("a role moved above the bot's arrives as GUILD_ROLE_UPDATE", async () => {
    const role = simGuild.createRole({ name: "Muted", position: 2 });
    await nextEvent(client, Events.GuildRoleCreate);
    const updated = nextEvent(client, Events.GuildRoleUpdate);
    simGuild.updateRole(role.id, (changed) => (changed.position = 12));
    expect((await updated)[1].rawPosition).toBe(12);
    expect(guild.roles.cache.get(role.id)?.rawPosition).toBe(12);
  });

  it("a deleted role leaves every member who held it, and assigning it answers 10011 Unknown Role", async () => {
    const role = simGuild.createRole({ name: "Helper", position: 2 });
    const user = sim.createUser({ username: "held" });
    simGuild.addMember(user.id, { roles: [role.id] });
    const deleted = nextEvent(client, Events.GuildRoleDelete);
    simGuild.deleteRole(role.id);
    expect((await deleted)[0].id).toBe(role.id);
    expect(simGuild.member(user.id).roles).toEqual([]);
    await expect(guild.members.addRole({ user: user.id, role: role.id })).rejects.toMatchObject({
      status: 404,
      code: 10011,
    });
    await expect(guild.members.edit(user.id, { roles: [role.id] })).rejects.toMatchObject({ code: 10011 });
  });
});

describe("a member's role list", () => {
  const clients = new Clients();
  afterEach(() => clients.destroyAll());

  it("ignores @everyone in it, as Discord does (discord.js's roles.add sends the cached list, @everyone included)", async () => {
    const sim = await DiscordSimulator.start();
    try {
      const simGuild = sim.createGuild({ name: "Everyone" });
      const role = simGuild.createRole({ name: "VIP", position: 2 });
      const user = sim.createUser({ username: "joiner" });
      simGuild.addMember(user.id);
      const client = await clients.ready(sim);
      const member = await client.guilds.cache.get(simGuild.id)?.members.fetch(user.id);
      await member?.roles.add(role.id);
      expect(simGuild.member(user.id).roles).toEqual([role.id]);
    } finally {
      await clients.destroyAll();
      await sim.close();
    }
  });
});
