import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ConfigCog } from "../../src/cogs/config/config-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { RestrictionsCog } from "../../src/cogs/restrictions/restrictions-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { RoleHoldingController } from "../../src/controllers/role-holding-controller";
import { DiscordSimulator, type SimGuild, type SimRole, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_role_persistence_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("role persistence: what a member leaves with comes back when they rejoin", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let muted: SimRole;
  let vip: SimRole;
  let regular: SimRole;
  let modLogChannelId: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Revolving Door" });
    mod = sim.createUser({ username: "mod" });
    const permissions = PermissionFlagsBits.ModerateMembers;
    guild.addMember(mod.id, { roles: [guild.createRole({ name: "Mods", position: 5, permissions }).id] });
    muted = guild.createRole({ name: "Muted", position: 2 });
    vip = guild.createRole({ name: "VIP", position: 3 });
    regular = guild.createRole({ name: "Regular", position: 1 });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, RestrictionsCog, ConfigCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    await app.container
      .resolve(GuildConfigController)
      .update(guild.id, { restrictedRoleId: muted.id, modLogChannelId });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  function member(name: string, roles: string[]): SimUser {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id, { roles });
    return user;
  }
  const run = (name: string, options: Record<string, string>) =>
    sim.command({ guildId: guild.id, userId: mod.id, name, options }).answer();
  const config = (group: string, subcommand: string, options: Record<string, string> = {}) =>
    sim
      .command({ guildId: guild.id, userId: guild.ownerId, name: "config", group, subcommand, options })
      .answer();
  const roles = (user: SimUser) => [...(guild.members.get(user.id)?.roles ?? [])].sort();
  const rejoin = (user: SimUser) => {
    guild.removeMember(user.id);
    guild.addMember(user.id);
  };

  it("a restricted member gets the restricted role back, and nothing else", async () => {
    const alice = member("alice", [regular.id]);
    expect((await run("restrict", { user: alice.id, reason: "raid" })).content).toMatch(/^Restricted/);
    rejoin(alice);
    await eventually(() => roles(alice).length > 0, 5_000, "the restricted role given back");
    expect(roles(alice)).toEqual([muted.id]);
  });

  it("persistent roles held before /config persistent-roles add, or gained after, come back; others do not", async () => {
    const early = member("early", [vip.id, regular.id]);
    const added = await config("persistent-roles", "add", { role: vip.id });
    expect(added.content).toBe(
      `<@&${vip.id}> is now a persistent role: members who leave with it get it back when they rejoin.`,
    );
    expect((await config("persistent-roles", "add", { role: vip.id })).content).toBe(
      `<@&${vip.id}> is already a persistent role.`,
    );
    const holdings = app.container.resolve(RoleHoldingController);
    await eventuallyAsync(
      async () => (await holdings.held(guild.id, early.id)).includes(vip.id),
      5_000,
      "read from the member list",
    );
    const late = member("late", [regular.id]);
    guild.updateMember(late.id, (m) => m.roles.push(vip.id)); // GUILD_MEMBER_UPDATE
    await eventuallyAsync(
      async () => (await holdings.held(guild.id, late.id)).includes(vip.id),
      5_000,
      "the update",
    );
    for (const user of [early, late]) rejoin(user);
    await eventually(() => roles(early).length > 0 && roles(late).length > 0, 5_000, "VIP given back");
    expect([roles(early), roles(late)]).toEqual([[vip.id], [vip.id]]);
    const list = await config("persistent-roles", "list");
    expect(list.content).toBe(`Persistent roles: <@&${vip.id}>.`);
    expect((await config("persistent-roles", "remove", { role: vip.id })).content).toMatch(
      /is no longer a persistent role/,
    );
    rejoin(early);
    const show = await sim
      .command({ guildId: guild.id, userId: guild.ownerId, name: "config", subcommand: "show" })
      .answer();
    expect(show.embeds[0]?.fields?.find((field) => field.name === "Role persistence")?.value).toBe(
      "restrictions and running timeouts come back on rejoin; no persistent roles",
    );
    expect(roles(early)).toEqual([]);
  });

  it("a role taken away while it was not persistent does not come back once it is persistent again", async () => {
    const helpers = guild.createRole({ name: "Helpers", position: 4 });
    const demoted = member("demoted", [helpers.id]);
    const holdings = app.container.resolve(RoleHoldingController);
    await config("persistent-roles", "add", { role: helpers.id });
    await eventuallyAsync(
      async () => (await holdings.held(guild.id, demoted.id)).includes(helpers.id),
      5_000,
      "read from the member list",
    );
    // A timeout is applied again after the roles are given back: once it is, the rejoin has been handled.
    expect((await run("timeout", { user: demoted.id, duration: "1h", reason: "x" })).content).toMatch(
      /^Timed out/,
    );
    await config("persistent-roles", "remove", { role: helpers.id });
    guild.updateMember(demoted.id, (m) => void m.roles.splice(m.roles.indexOf(helpers.id), 1)); // demoted
    await config("persistent-roles", "add", { role: helpers.id });
    rejoin(demoted);
    await eventually(
      () => guild.members.get(demoted.id)?.communicationDisabledUntil != null,
      5_000,
      "the rejoin handled",
    );
    expect(roles(demoted)).toEqual([]);
    await config("persistent-roles", "remove", { role: helpers.id });
  });

  it("refuses a role it could not give back", async () => {
    const high = guild.createRole({ name: "High", position: 12 });
    expect((await config("persistent-roles", "add", { role: high.id })).content).toMatch(
      /isn't below my highest role/,
    );
    expect((await config("persistent-roles", "remove", { role: high.id })).content).toBe(
      `<@&${high.id}> isn't a persistent role.`,
    );
  });

  it("a timeout still running is applied again", async () => {
    const bob = member("bob", []);
    expect((await run("timeout", { user: bob.id, duration: "1h", reason: "heated" })).content).toMatch(
      /^Timed out/,
    );
    const [timeout] = (
      await app.container.resolve(CaseController).list(guild.id, { targetId: bob.id }, { limit: 1 })
    ).items;
    rejoin(bob);
    expect(guild.member(bob.id).communicationDisabledUntil).toBeNull();
    await eventually(
      () => guild.members.get(bob.id)?.communicationDisabledUntil != null,
      5_000,
      "the timeout again",
    );
    expect(Date.parse(guild.member(bob.id).communicationDisabledUntil ?? "")).toBe(
      timeout?.expiresAt?.getTime(),
    );
  });

  it("a restriction lifted while they were away gives their roles back when they rejoin", async () => {
    const carol = member("carol", [regular.id]);
    await run("restrict", { user: carol.id, reason: "x" });
    guild.removeMember(carol.id);
    const lifted = await run("unrestrict", { user: carol.id, reason: "appeal" });
    expect(lifted.content).toMatch(
      /^Lifted \*\*carol\*\*'s restriction \(case #\d+\)\. They aren't in the server: their roles are given back when they rejoin\.$/,
    );
    guild.addMember(carol.id);
    await eventually(() => roles(carol).length > 0, 5_000, "the roles given back");
    expect(roles(carol)).toEqual([regular.id]);
    rejoin(carol); // owed once: a second rejoin gives nothing
    await eventuallyAsync(
      async () =>
        (await app.container.resolve(CaseController).list(guild.id, { targetId: carol.id }, { limit: 5 }))
          .items.length === 2,
      1_000,
      "cases",
    );
    expect(roles(carol)).toEqual([]);
  });

  it("a role the restriction kept that was deleted while they were away is reported in the mod log", async () => {
    const dana = member("dana", [regular.id]);
    const doomed = guild.createRole({ name: "Doomed", position: 1 });
    guild.updateMember(dana.id, (m) => m.roles.push(doomed.id));
    await run("restrict", { user: dana.id, reason: "x" });
    guild.removeMember(dana.id);
    expect((await run("unrestrict", { user: dana.id, reason: "appeal" })).content).toMatch(/^Lifted/);
    guild.deleteRole(doomed.id);
    guild.addMember(dana.id);
    await eventually(() => roles(dana).length > 0, 5_000, "the roles given back");
    expect(roles(dana)).toEqual([regular.id]);
    const modLog = () => guild.channels.get(modLogChannelId)?.messages ?? [];
    await eventually(() => modLog().some((m) => m.content.includes("rejoined")), 5_000, "the note");
    expect(modLog().at(-1)?.content).toBe(
      `<@${dana.id}> rejoined, but I couldn't give back <@&${doomed.id}>, which their restriction had kept: deleted, or not below my highest role.`,
    );
  });
});
