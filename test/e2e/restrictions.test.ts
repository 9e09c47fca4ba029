import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ConfigCog } from "../../src/cogs/config/config-cog";
import { RestrictionsCog } from "../../src/cogs/restrictions/restrictions-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { RestrictionController } from "../../src/controllers/restriction-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimRole, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_restrictions_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("/restrict and /unrestrict end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let muted: SimRole;
  let helper: SimRole;
  let regular: SimRole;
  let booster: SimRole;
  let cases: CaseController;
  let modLogChannelId: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Jail" });
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    muted = guild.createRole({ name: "Muted", position: 2 });
    helper = guild.createRole({ name: "Helper", position: 3 });
    regular = guild.createRole({ name: "Regular", position: 1 });
    booster = guild.createRole({ name: "Booster", position: 1, managed: true });
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [RestrictionsCog, ConfigCog],
    }));
    cases = app.container.resolve(CaseController);
    await app.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId });
    const set = await owner("config", { role: muted.id }, { group: "restricted-role", subcommand: "set" });
    expect(set.content).toMatch(/is now the restricted role/);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  function member(name: string, roles: string[] = [helper.id, regular.id, booster.id]): SimUser {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id, { roles });
    return user;
  }
  const run = (name: string, options: Record<string, string>, userId = mod.id) =>
    sim.command({ guildId: guild.id, userId, name, options }).answer();
  function owner(
    name: string,
    options: Record<string, string>,
    path: { group?: string; subcommand: string },
  ) {
    return sim.command({ guildId: guild.id, userId: guild.ownerId, name, ...path, options }).answer();
  }
  const rolesOf = (user: SimUser) => [...guild.member(user.id).roles].sort();
  const sorted = (...ids: string[]) => [...ids].sort();
  const casesOf = async (user: SimUser) =>
    (await cases.list(guild.id, { targetId: user.id, includeVoided: true }, { limit: 10 })).items;

  it("/restrict gives the restricted role in place of every role it may take, keeping them; /unrestrict gives them back", async () => {
    const alice = member("alice");
    const reply = await run("restrict", { user: alice.id, reason: "raiding" });
    expect(reply.content).toMatch(
      /^Restricted \*\*alice\*\* \(case #\d+\): their roles are kept until `\/unrestrict`\.$/,
    );
    // The integration's role cannot be taken: it stays beside the restricted role.
    expect(rolesOf(alice)).toEqual(sorted(booster.id, muted.id));
    const [restrictCase] = await casesOf(alice);
    expect(restrictCase).toMatchObject({
      type: CaseType.Restrict,
      pending: false,
      processed: false,
      expiresAt: null,
    });
    const kept = await app.container.resolve(RestrictionController).getById(restrictCase?.id ?? 0);
    expect(sorted(...(kept?.removedRoleIds ?? []))).toEqual(sorted(helper.id, regular.id));
    expect(sim.dmsTo(alice.id).at(-1)?.content).toMatch(/^You have been restricted in \*\*Jail\*\*/);
    expect(guild.channels.get(modLogChannelId)?.messages.at(-1)?.embeds[0]?.title).toBe(
      `Restriction | Case #${restrictCase?.number}`,
    );
    expect(guild.auditLog.at(-1)?.reason).toBe(`mod (case #${restrictCase?.number}): raiding`);

    const again = await run("restrict", { user: alice.id, reason: "again" });
    expect(again.content).toBe(
      `**alice** is already restricted (case #${restrictCase?.number}); \`/unrestrict\` them first.`,
    );

    const lifted = await run("unrestrict", { user: alice.id, reason: "calmed down" });
    expect(lifted.content).toMatch(/^Lifted \*\*alice\*\*'s restriction \(case #\d+\)\.$/);
    expect(rolesOf(alice)).toEqual(sorted(booster.id, helper.id, regular.id));
    const [unrestrictCase, restricted] = await casesOf(alice);
    expect(unrestrictCase).toMatchObject({
      type: CaseType.Unrestrict,
      refCaseId: restrictCase?.id,
      pending: false,
    });
    expect(restricted).toMatchObject({ processed: true });
    expect((await run("unrestrict", { user: alice.id, reason: "x" })).content).toBe(
      "alice isn't restricted.",
    );
  });

  it("says which roles it could not give back: deleted, or moved above the bot meanwhile", async () => {
    const bob = member("bob", [helper.id, regular.id]);
    const doomed = guild.createRole({ name: "Doomed", position: 1 });
    guild.updateMember(bob.id, (m) => m.roles.push(doomed.id));
    await run("restrict", { user: bob.id, reason: "spam" });
    expect(rolesOf(bob)).toEqual([muted.id]);
    guild.deleteRole(doomed.id);
    guild.updateRole(helper.id, (role) => (role.position = 12));
    try {
      const lifted = await run("unrestrict", { user: bob.id, reason: "ok" });
      expect(lifted.content).toMatch(
        new RegExp(
          `^Lifted \\*\\*bob\\*\\*'s restriction \\(case #\\d+\\)\\. I couldn't give back <@&(${doomed.id}|${helper.id})> and <@&(${doomed.id}|${helper.id})>`,
        ),
      );
      expect(rolesOf(bob)).toEqual([regular.id]);
      // The mod log says so too, after the case.
      expect(guild.channels.get(modLogChannelId)?.messages.at(-1)?.content).toMatch(
        /^I couldn't give back <@&\d+> and <@&\d+>: deleted, or not below my highest role\.$/,
      );
    } finally {
      guild.updateRole(helper.id, (role) => (role.position = 3));
    }
  });

  it("a moderator gives back only roles they could give by hand: a kept role not below them refuses /unrestrict", async () => {
    const elders = guild.createRole({ name: "Elders", position: 4 });
    const juniors = guild.createRole({
      name: "Juniors",
      position: 3,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    const junior = member("junior", [juniors.id]);
    const hana = member("hana", [elders.id, regular.id]);
    expect((await run("restrict", { user: hana.id, reason: "x" })).content).toMatch(/^Restricted/);
    const refused = await run("unrestrict", { user: hana.id, reason: "x" }, junior.id);
    expect(refused.content).toBe(
      `hana's restriction keeps <@&${elders.id}> for them, which isn't below your highest role: only someone above it can end or change this restriction.`,
    );
    expect(rolesOf(hana)).toEqual([muted.id]);
    expect((await casesOf(hana)).map((kase) => kase.type)).toEqual([CaseType.Restrict]);
    expect((await run("unrestrict", { user: hana.id, reason: "x" })).content).toMatch(/^Lifted/);
    expect(rolesOf(hana)).toEqual(sorted(elders.id, regular.id));
  });

  it("a timed restriction says how long, and a bad duration is refused naming the option", async () => {
    const carol = member("carol");
    const bad = await run("restrict", { user: carol.id, reason: "x", duration: "soon" });
    expect(bad.content).toMatch(/`duration`: must look like 10m, 1h30m or 7d/);
    expect(rolesOf(carol)).toEqual(sorted(booster.id, helper.id, regular.id));
    const timed = await run("restrict", { user: carol.id, reason: "cool off", duration: "1d" });
    expect(timed.content).toMatch(/^Restricted \*\*carol\*\* for 1d \(case #\d+\)/);
    const [kase] = await casesOf(carol);
    expect((kase?.expiresAt?.getTime() ?? 0) - (kase?.createdAt.getTime() ?? 0)).toBe(86_400_000);
  });

  it("refuses: no member, the hierarchy, no permission, no Manage Roles for the bot", async () => {
    const away = sim.createUser({ username: "away" });
    expect((await run("restrict", { user: away.id, reason: "x" })).content).toBe(
      "away isn't a member of this server.",
    );
    const senior = member("senior", [guild.createRole({ name: "Senior", position: 6 }).id]);
    expect((await run("restrict", { user: senior.id, reason: "x" })).content).toBe(
      "senior's highest role is not below yours.",
    );
    const plain = member("plain", []);
    const nobody = member("nobody", []);
    expect((await run("restrict", { user: plain.id, reason: "x" }, nobody.id)).content).toMatch(
      /Timeout Members/,
    );
    const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
    if (!botRole) throw new Error("no bot role");
    botRole.permissions &= ~PermissionFlagsBits.ManageRoles;
    try {
      expect((await run("restrict", { user: plain.id, reason: "x" })).content).toMatch(
        /I need.*Manage Roles/,
      );
    } finally {
      botRole.permissions |= PermissionFlagsBits.ManageRoles;
    }
    expect(await casesOf(plain)).toEqual([]);
  });

  it("refuses while the restricted role is unset, deleted or above the bot", async () => {
    const dave = member("dave");
    const configs = app.container.resolve(GuildConfigController);
    const high = guild.createRole({ name: "High", position: 12 });
    const refused = await owner("config", { role: high.id }, { group: "restricted-role", subcommand: "set" });
    expect(refused.content).toMatch(/isn't below my highest role/);
    try {
      await owner("config", {}, { group: "restricted-role", subcommand: "clear" });
      expect((await run("restrict", { user: dave.id, reason: "x" })).content).toMatch(
        /^No restricted role is set/,
      );
      await configs.update(guild.id, { restrictedRoleId: high.id });
      expect((await run("restrict", { user: dave.id, reason: "x" })).content).toMatch(
        /^I can't give <@&\d+>/,
      );
      const show = await owner("config", {}, { subcommand: "show" });
      expect(JSON.stringify(show.embeds)).toMatch(/I can't give the restricted role/);
      // This bot runs without PRIVILEGED_INTENTS: no member joins, so nothing comes back on rejoin.
      expect(show.embeds[0]?.fields?.find((field) => field.name === "Role persistence")?.value).toBe(
        "inactive: it needs the Server Members intent (`PRIVILEGED_INTENTS=true`, and the intent enabled for the bot in the Developer Portal)",
      );
      const gone = guild.createRole({ name: "Gone", position: 2 });
      await configs.update(guild.id, { restrictedRoleId: gone.id });
      guild.deleteRole(gone.id);
      expect((await run("restrict", { user: dave.id, reason: "x" })).content).toMatch(/no longer exists/);
    } finally {
      await configs.update(guild.id, { restrictedRoleId: muted.id });
    }
    expect(rolesOf(dave)).toEqual(sorted(booster.id, helper.id, regular.id));
    expect(await casesOf(dave)).toEqual([]);
  });

  it.each([
    [403, 50013, /^I don't have permission to do that here/],
    [404, 10007, /^That member isn't in this server./],
  ])(
    "when Discord answers %i, says so, voids the case and leaves the roles alone",
    async (status, code, said) => {
      const erin = member(`erin${status}`);
      sim.faults.inject({ method: "PATCH", path: "/guilds/:guild/members/:user", status, code, times: 1 });
      const reply = await run("restrict", { user: erin.id, reason: "x" });
      expect(reply.content).toMatch(said);
      expect(rolesOf(erin)).toEqual(sorted(booster.id, helper.id, regular.id));
      const [kase] = await casesOf(erin);
      expect(kase).toMatchObject({ type: CaseType.Restrict, voided: true, pending: false });
      // A voided restriction is no restriction: a later /restrict goes ahead.
      expect((await run("restrict", { user: erin.id, reason: "again" })).content).toMatch(/^Restricted/);
    },
  );

  it("a 429 is waited out and the restriction goes ahead once", async () => {
    const fred = member("fred");
    sim.faults.inject({
      method: "PATCH",
      path: "/guilds/:guild/members/:user",
      status: 429,
      retryAfterSeconds: 0.2,
      times: 1,
    });
    expect((await run("restrict", { user: fred.id, reason: "x" })).content).toMatch(
      /^Restricted \*\*fred\*\*/,
    );
    expect(rolesOf(fred)).toEqual(sorted(booster.id, muted.id));
    expect(await casesOf(fred)).toHaveLength(1);
  });
});
