import { PermissionFlagsBits } from "discord.js";
import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { RestrictionsCog } from "../../src/cogs/restrictions/restrictions-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimRole, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_restriction_expiry_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("restriction expiries", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let mod: SimUser;
  let muted: SimRole;
  let helper: SimRole;
  let databaseUrl: string;
  const running: WardenApp[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Temp" });
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    muted = guild.createRole({ name: "Muted", position: 2 });
    helper = guild.createRole({ name: "Helper", position: 3 });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });

  afterAll(async () => {
    for (const app of running) await app.stop();
    await sim.close();
    await dropDatabase(DATABASE);
  });

  const start = async () => {
    const { app } = await startBot({ sim, databaseUrl, cogs: [RestrictionsCog] });
    running.push(app);
    return app;
  };
  const stop = async (app: WardenApp) => {
    running.splice(running.indexOf(app), 1);
    await app.stop();
  };
  const restrict = (user: SimUser, duration: string) =>
    sim
      .command({
        guildId: guild.id,
        userId: mod.id,
        name: "restrict",
        options: { user: user.id, reason: "cool off", duration },
      })
      .answer();
  /** The restriction falls due now (as if its hour had passed while no bot ran). */
  const fallDue = async (caseId: number) => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("UPDATE cases SET expires_at = now() - interval '1 second' WHERE id = $1", [caseId]);
    } finally {
      await client.end();
    }
  };

  it("a restriction that fell due while the bot was stopped is lifted at the next start, once across two processes", async () => {
    const alice = sim.createUser({ username: "alice" });
    guild.addMember(alice.id, { roles: [helper.id] });
    const modLog = guild.createChannel({ name: "mod-log" });
    const before = await start();
    const configs = before.container.resolve(GuildConfigController);
    await configs.update(guild.id, { modLogChannelId: modLog.id, restrictedRoleId: muted.id });
    expect((await restrict(alice, "1h")).content).toMatch(/^Restricted \*\*alice\*\* for 1h/);
    expect(guild.member(alice.id).roles).toEqual([muted.id]);
    const [restrictCase] = (
      await before.container.resolve(CaseController).list(guild.id, { targetId: alice.id }, { limit: 1 })
    ).items;
    await stop(before);
    await fallDue(restrictCase?.id ?? 0);

    const [first, second] = await Promise.all([start(), start()]);
    if (!first || !second) throw new Error("no app started");
    await eventually(
      () => modLog.messages.some((message) => message.embeds[0]?.title?.startsWith("Restriction lifted")),
      15_000,
      "the Unrestrict case in the mod log",
    );
    expect(guild.member(alice.id).roles).toEqual([helper.id]);
    const listed = await first.container
      .resolve(CaseController)
      .list(guild.id, { targetId: alice.id }, { limit: 10 });
    const unrestricts = listed.items.filter((kase) => kase.type === CaseType.Unrestrict);
    expect(unrestricts).toHaveLength(1);
    expect(unrestricts[0]).toMatchObject({
      reason: "restriction expired",
      moderatorId: sim.botUser.id,
      refCaseId: restrictCase?.id,
    });
    expect(await first.container.resolve(CaseController).getById(restrictCase?.id ?? 0)).toMatchObject({
      processed: true,
    });
    const lifts = guild.auditLog.filter(
      (entry) => entry.targetId === alice.id && entry.reason?.startsWith("Restriction expired"),
    );
    expect(lifts).toHaveLength(1);
  });
});
