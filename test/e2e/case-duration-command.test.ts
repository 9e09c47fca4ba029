import { setTimeout as sleep } from "node:timers/promises";
import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { TempbanExpiries } from "../../src/cogs/moderation/expiries";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { RestrictionExpiries } from "../../src/cogs/restrictions/restriction-expiries";
import { RestrictionsCog } from "../../src/cogs/restrictions/restrictions-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { DatabaseService } from "../../src/database/database-service";
import { CaseType, type Case } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_case_duration_command_w${process.env.JEST_WORKER_ID ?? "0"}`;
const HOUR = 3_600_000;

describe("/case duration", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let cases: CaseController;
  let modLogChannelId: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Durations" });
    mod = sim.createUser({ username: "mod" });
    const permissions =
      PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.BanMembers | PermissionFlagsBits.KickMembers;
    guild.addMember(mod.id, { roles: [guild.createRole({ name: "Mods", position: 5, permissions }).id] });
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, RestrictionsCog, CasesCog],
    }));
    cases = app.container.resolve(CaseController);
    const muted = guild.createRole({ name: "Muted", position: 2 });
    await app.container
      .resolve(GuildConfigController)
      .update(guild.id, { modLogChannelId, restrictedRoleId: muted.id });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  function member(name: string): SimUser {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id);
    return user;
  }
  const run = (
    name: string,
    options: Record<string, string | number>,
    subcommand?: string,
    userId = mod.id,
  ) =>
    sim.command({ guildId: guild.id, userId, name, ...(subcommand ? { subcommand } : {}), options }).answer();
  const duration = (number: number, value: string, userId = mod.id) =>
    run("case", { number, duration: value }, "duration", userId);
  const newest = async (user: SimUser): Promise<Case> => {
    const [kase] = (await cases.list(guild.id, { targetId: user.id, includeVoided: true }, { limit: 1 }))
      .items;
    if (!kase) throw new Error(`no case for ${user.username}`);
    return kase;
  };
  const endsIn = (kase: Case | null) => (kase?.expiresAt?.getTime() ?? 0) - Date.now();
  const client = () => {
    const ready = app.bot.client;
    if (!ready.isReady()) throw new Error("not ready");
    return ready;
  };

  it("moves a tempban's end from now, keeps the old end in the history and edits the mod-log post", async () => {
    const alice = member("alice");
    await run("ban", { user: alice.id, reason: "raid", duration: "1h" });
    const ban = await newest(alice);
    const reply = await duration(ban.number, "2d");
    expect(reply.content).toMatch(new RegExp(`^Case #${ban.number} now ends <t:\\d+:f>\\.$`));
    const changed = await cases.getById(ban.id);
    expect(endsIn(changed)).toBeGreaterThan(2 * 24 * HOUR - 60_000);
    expect(endsIn(changed)).toBeLessThanOrEqual(2 * 24 * HOUR);
    const [edit] = await cases.history(ban.id);
    expect(edit).toMatchObject({
      field: "expiresAt",
      editorId: mod.id,
      before: ban.expiresAt?.toISOString(),
    });
    expect(edit?.after).toBe(changed?.expiresAt?.toISOString());
    const posts = guild.channels.get(modLogChannelId)?.messages ?? [];
    expect(posts.filter((post) => post.id === changed?.modLogMessageId)).toHaveLength(1);
    const show = await run("case", { number: ban.number }, "show");
    expect(show.embeds[1]?.description).toMatch(/<@\d+> set it to expire <t:\d+:f>$/);
  });

  it("a timeout's new end is applied on Discord too; past 28 days is refused", async () => {
    const bob = member("bob");
    await run("timeout", { user: bob.id, reason: "heated", duration: "1h" });
    const timeout = await newest(bob);
    expect((await duration(timeout.number, "29d")).content).toBe(
      `Case #${timeout.number} is a timeout, and Discord's timeouts last at most 28 days.`,
    );
    expect((await duration(timeout.number, "3h")).content).toMatch(/now ends/);
    const until = Date.parse(guild.member(bob.id).communicationDisabledUntil ?? "");
    expect(until).toBe((await cases.getById(timeout.id))?.expiresAt?.getTime());
    expect(until - Date.now()).toBeGreaterThan(3 * HOUR - 60_000);
    expect(guild.auditLog.at(-1)?.reason).toBe(`Timeout end changed (case #${timeout.number})`);
  });

  it("when Discord refuses the timeout's new end, the answer says so (the case holds the new end)", async () => {
    const carol = member("carol");
    await run("timeout", { user: carol.id, reason: "x", duration: "1h" });
    const timeout = await newest(carol);
    const before = guild.member(carol.id).communicationDisabledUntil;
    sim.faults.inject({ method: "PATCH", path: "/guilds/:guild/members/:user", status: 403, code: 50013 });
    const reply = await duration(timeout.number, "2h");
    expect(reply.content).toMatch(
      /now ends .* But Discord didn't change their timeout: I no longer have Timeout Members\.$/,
    );
    expect(guild.member(carol.id).communicationDisabledUntil).toBe(before);
    sim.faults.clear();
    sim.faults.inject({ method: "PATCH", path: "/guilds/:guild/members/:user", status: 500 });
    expect((await duration(timeout.number, "2h")).content).toMatch(/But Discord didn't answer/);
  });

  it("the expiry follows the new end: a restriction made to end in 1s is lifted, a tempban extended is not", async () => {
    const dave = member("dave");
    const erin = member("erin");
    await run("restrict", { user: dave.id, reason: "x" });
    // Extended first, well before its own end: a tempban whose end has passed can't be extended any more,
    // and on a loaded host the few round trips before the change could take more than a second.
    await run("ban", { user: erin.id, reason: "x", duration: "5s" });
    const ban = await newest(erin);
    expect((await duration(ban.number, "1h")).content).toMatch(/now ends/);
    const restriction = await newest(dave);
    expect(restriction.expiresAt).toBeNull();
    expect((await duration(restriction.number, "1s")).content).toMatch(/now ends/);
    // Both ends asked for before the change have passed.
    const bothPassed = Math.max(ban.expiresAt?.getTime() ?? 0, Date.now() + 1_000) + 100;
    await sleep(Math.max(0, bothPassed - Date.now()));
    await app.container.resolve(RestrictionExpiries).run(client());
    await app.container.resolve(TempbanExpiries).run(client());
    // The scheduled run (every 5 s) may have claimed the restriction first and still be lifting it.
    await eventuallyAsync(
      async () => (await newest(dave)).type === CaseType.Unrestrict,
      10_000,
      "the restriction lifted",
    );
    expect(guild.bans.has(erin.id)).toBe(true);
    expect(await newest(erin)).toMatchObject({ type: CaseType.Ban, processed: false });
  });

  it("refuses what has no running end: a warning, a deleted case, an ended one, one being lifted right now", async () => {
    const fred = member("fred");
    await run("warn", { user: fred.id, reason: "x" });
    const warning = await newest(fred);
    expect((await duration(warning.number, "1h")).content).toBe(
      `Case #${warning.number} isn't a tempban, timeout or restriction: it has no end to change.`,
    );
    await run("ban", { user: fred.id, reason: "x" });
    const permanent = await newest(fred);
    expect((await duration(permanent.number, "1h")).content).toMatch(/isn't a tempban/);
    const gina = member("gina");
    await run("timeout", { user: gina.id, reason: "x", duration: "1h" });
    const timeout = await newest(gina);
    await run("untimeout", { user: gina.id, reason: "early" });
    expect((await duration(timeout.number, "1h")).content).toMatch(/has already ended/);
    const hal = member("hal");
    await run("timeout", { user: hal.id, reason: "x", duration: "1h" });
    const held = await newest(hal);
    await app.container
      .resolve(DatabaseService)
      .sql("UPDATE cases SET claimed_until = now() + interval '1 minute' WHERE id = $1", [held.id]);
    expect((await duration(held.number, "2h")).content).toMatch(/is being lifted right now/);
    await run("case", { number: held.number, reason: "mistake" }, "delete");
    expect((await duration(held.number, "2h")).content).toMatch(/is deleted/);
    expect((await duration(9999, "2h")).content).toBe("Case #9999 not found.");
    expect((await duration(held.number, "soon")).content).toMatch(/`duration`: must look like/);
    expect((await cases.history(timeout.id)).filter((edit) => edit.field === "expiresAt")).toEqual([]);
  });

  it("refuses a case whose member is not below the moderator (as /timeout would)", async () => {
    const senior = sim.createUser({ username: "senior" });
    const seniors = guild.createRole({ name: "Seniors", position: 7 });
    guild.addMember(senior.id, { roles: [seniors.id] });
    await run(
      "timeout",
      { user: senior.id, reason: "owner's call", duration: "10m" },
      undefined,
      guild.ownerId,
    );
    const timeout = await newest(senior);
    const before = guild.member(senior.id).communicationDisabledUntil;
    expect((await duration(timeout.number, "28d")).content).toBe("senior's highest role is not below yours.");
    expect(guild.member(senior.id).communicationDisabledUntil).toBe(before);
    expect((await cases.getById(timeout.id))?.expiresAt).toEqual(timeout.expiresAt);
  });

  it("refuses a restriction keeping a role not below the moderator: its end would give that role back", async () => {
    const elders = guild.createRole({ name: "Elders", position: 4 });
    const juniors = guild.createRole({
      name: "Juniors",
      position: 3,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    const junior = sim.createUser({ username: "junior" });
    guild.addMember(junior.id, { roles: [juniors.id] });
    const ola = sim.createUser({ username: "ola" });
    guild.addMember(ola.id, { roles: [elders.id] });
    await run("restrict", { user: ola.id, reason: "x" });
    const restriction = await newest(ola);
    expect((await duration(restriction.number, "1s", junior.id)).content).toBe(
      `ola's restriction keeps <@&${elders.id}> for them, which isn't below your highest role: only someone above it can end or change this restriction.`,
    );
    expect((await cases.getById(restriction.id))?.expiresAt).toBeNull();
    expect((await duration(restriction.number, "1h")).content).toMatch(/now ends/);
  });

  it("what changes between its hierarchy check and its transaction is checked again on the locked case", async () => {
    const pia = member("pia");
    await run("restrict", { user: pia.id, reason: "x" });
    const restriction = await newest(pia);
    // The member read for the hierarchy check is held while the restriction is lifted by someone else.
    let arrived = (): void => undefined;
    const reading = new Promise<void>((resolve) => (arrived = resolve));
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    sim.faults.inject({
      method: "GET",
      path: `/guilds/${guild.id}/members/${pia.id}`,
      hold: () => (arrived(), held),
      times: 1,
    });
    const change = duration(restriction.number, "1h");
    await reading;
    expect((await run("unrestrict", { user: pia.id, reason: "appeal" })).content).toMatch(/^Lifted/);
    release();
    expect((await change).content).toBe(
      `Case #${restriction.number} has already ended (or isn't confirmed yet): only a running punishment's end can change.`,
    );
    expect(await cases.getById(restriction.id)).toMatchObject({ expiresAt: null, processed: true });
    expect((await cases.history(restriction.id)).filter((edit) => edit.field === "expiresAt")).toEqual([]);
  });

  it("refuses members without the permission", async () => {
    const ivy = member("ivy");
    const nobody = member("nobody");
    await run("timeout", { user: ivy.id, reason: "x", duration: "1h" });
    const timeout = await newest(ivy);
    expect((await duration(timeout.number, "2h", nobody.id)).content).toBe(
      "You need the Timeout Members permission or a moderator role to use /case duration.",
    );
  });
});
