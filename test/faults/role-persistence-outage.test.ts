import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ConfigCog } from "../../src/cogs/config/config-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { RestrictionsCog } from "../../src/cogs/restrictions/restrictions-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { RoleHoldingController } from "../../src/controllers/role-holding-controller";
import { DiscordSimulator, type SimGuild, type SimRole, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { TcpProxy } from "../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_faults_role_outage_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * Role persistence when the database is away: the gateway sends a join or a role change once, so what the
 * handler could not read or write then is done once the database is back (no restart, no second event).
 */
describe("role persistence through a database outage", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let proxy: TcpProxy;
  let guild: SimGuild;
  let mod: SimUser;
  let muted: SimRole;
  let vip: SimRole;
  let artist: SimRole;
  let regular: SimRole;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Flaky" });
    mod = sim.createUser({ username: "mod" });
    const permissions = PermissionFlagsBits.ModerateMembers;
    guild.addMember(mod.id, { roles: [guild.createRole({ name: "Mods", position: 6, permissions }).id] });
    muted = guild.createRole({ name: "Muted", position: 2 });
    vip = guild.createRole({ name: "VIP", position: 3 });
    artist = guild.createRole({ name: "Artist", position: 4 });
    regular = guild.createRole({ name: "Regular", position: 1 });
    const proxied = await TcpProxy.forUrl(await createDatabase(DATABASE, { migrated: true }));
    proxy = proxied.proxy;
    ({ app } = await startBot({
      sim,
      databaseUrl: proxied.url,
      cogs: [ModerationCog, RestrictionsCog, ConfigCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
    await app.container
      .resolve(GuildConfigController)
      .update(guild.id, { restrictedRoleId: muted.id, persistentRoleIds: [vip.id, artist.id] });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await proxy?.close();
    await dropDatabase(DATABASE);
  });
  afterEach(() => proxy.up());

  function member(name: string, roles: string[]): SimUser {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id, { roles });
    return user;
  }
  const run = (name: string, options: Record<string, string>) =>
    sim.command({ guildId: guild.id, userId: mod.id, name, options }).answer();
  const roles = (user: SimUser) => [...(guild.members.get(user.id)?.roles ?? [])].sort();
  const held = (user: SimUser) => app.container.resolve(RoleHoldingController).held(guild.id, user.id);

  it("a restricted, a timed-out and a persistent-role member who rejoin during the outage get theirs once it ends", async () => {
    const alice = member("alice", [regular.id]);
    const bob = member("bob", [regular.id]);
    const carol = member("carol", [regular.id]);
    expect((await run("restrict", { user: alice.id, reason: "raid" })).content).toMatch(/^Restricted/);
    expect((await run("timeout", { user: bob.id, duration: "1h", reason: "heat" })).content).toMatch(
      /^Timed out/,
    );
    guild.updateMember(carol.id, (m) => m.roles.push(vip.id)); // GUILD_MEMBER_UPDATE
    await eventuallyAsync(async () => (await held(carol)).includes(vip.id), 5_000, "carol's VIP kept");
    for (const user of [alice, bob, carol]) guild.removeMember(user.id);

    const refused = proxy.refused;
    proxy.down();
    for (const user of [alice, bob, carol]) guild.addMember(user.id);
    await eventually(() => proxy.refused > refused, 5_000, "the join handlers meeting the outage");
    proxy.up();

    await eventually(
      () => roles(alice).length > 0 && roles(carol).length > 0,
      20_000,
      "the roles given back once the database is back",
    );
    expect(roles(alice)).toEqual([muted.id]);
    expect(roles(carol)).toEqual([vip.id]);
    await eventually(
      () => guild.members.get(bob.id)?.communicationDisabledUntil != null,
      20_000,
      "bob's timeout applied again",
    );
    expect(roles(bob)).toEqual([]);
  });

  it("a persistent role taken away during the outage is not given back on a later rejoin", async () => {
    const dave = member("dave", [regular.id]);
    guild.updateMember(dave.id, (m) => m.roles.push(vip.id, artist.id));
    await eventuallyAsync(async () => (await held(dave)).length === 2, 5_000, "dave's roles kept");

    const refused = proxy.refused;
    proxy.down();
    guild.updateMember(dave.id, (m) => void m.roles.splice(m.roles.indexOf(vip.id), 1)); // demoted
    await eventually(() => proxy.refused > refused, 5_000, "the update meeting the outage");
    proxy.up();

    // The leave carries no roles (dave is not cached); the rejoin is handled after the update.
    guild.removeMember(dave.id);
    guild.addMember(dave.id);
    await eventually(() => roles(dave).length > 0, 20_000, "the rejoin handled");
    expect(roles(dave)).toEqual([artist.id]);
    expect(await held(dave)).toEqual([artist.id]);
  });
});
