import { PermissionFlagsBits } from "discord.js";
import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { DatabaseService } from "../../src/database/database-service";
import type { Case } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { type CapturedLogs, startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { adminUrl, createDatabase, databaseName, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_case_read_back_w${process.env.JEST_WORKER_ID ?? "0"}`;
const LOST_READ_BACK = "the read-back of this one fails";
const SAVED_REPLY =
  "Saved, but the database went away before I could read its case number; the case list shows it once the database is back.";

/**
 * A warning is numbered as it commits, and its number read back on the same connection right after. Here
 * that read fails: a deferred trigger of the test's own points the session's search_path nowhere in the
 * COMMIT of the cases it picks, so the committed case cannot be found by name. It fires before the
 * numbering trigger (triggers fire in name order), which must number the case all the same: that one names
 * its tables through the path it was created with (migration CaseNumberingPinned).
 */
const LOSE_THE_READ_BACK = `
  CREATE FUNCTION test_lose_read_back() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.reason LIKE '${LOST_READ_BACK}%' THEN PERFORM set_config('search_path', 'nowhere', false); END IF;
    RETURN NULL;
  END $$;
  CREATE CONSTRAINT TRIGGER ta_test_lose_read_back AFTER INSERT ON cases
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_lose_read_back()`;

describe("a warning whose case number cannot be read back after its commit", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let modLogChannelId: string;
  let logs: CapturedLogs;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Read-back Guild" });
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    guild.addMember(mod.id, { roles: [mods.id] });
    modLogChannelId = guild.createChannel({ name: "mod-log" }).id;
    await createDatabase(DATABASE, { migrated: true });
    // One connection, reached directly (not through a transaction-mode pooler, which could hand the poisoned
    // session to anyone): the failed read-back and the background retries all run on it, and the test
    // mends it through the same pool.
    ({ app, logs } = await startBot({
      sim,
      databaseUrl: adminUrl(databaseName(DATABASE)),
      cogs: [ModerationCog],
      env: { DB_POOL_MAX: "1" },
    }));
    await app.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId });
    await app.container.resolve(DatabaseService).sql(LOSE_THE_READ_BACK);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const warn = (target: SimUser, reason: string) =>
    sim
      .command({ guildId: guild.id, userId: mod.id, name: "warn", options: { user: target.id, reason } })
      .answer();
  const modLog = () => guild.channels.get(modLogChannelId)?.messages ?? [];

  /** The background announcement of the case ended with the log line `message`. */
  const announcement = (caseId: number, message: string) => () =>
    logs.find((line) => line.caseId === caseId && line.msg === message) !== undefined;

  it("says it was saved, then tells the member and the mod log once, as soon as the number can be read", async () => {
    const db = app.container.resolve(DatabaseService);
    const cases = app.container.resolve(CaseController);
    const alice = sim.createUser({ username: "alice" });
    guild.addMember(alice.id);
    const postsBefore = modLog().length;

    const reply = await warn(alice, LOST_READ_BACK);

    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(SAVED_REPLY);
    // Nothing is announced while the number cannot be read (the background retries keep failing).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(sim.dmsTo(alice.id)).toHaveLength(0);
    expect(modLog()).toHaveLength(postsBefore);

    await db.sql("SET search_path TO DEFAULT");

    const saved = (await cases.list(guild.id, { includeVoided: true }, { limit: 5 })).items.filter(
      (kase) => kase.targetId === alice.id,
    );
    expect(saved).toHaveLength(1);
    const [kase] = saved as [Case];
    expect(kase.number).toBeGreaterThan(0);
    await eventually(announcement(kase.id, "announcing a saved case: done"), 10_000, "the announcement");
    expect(modLog()).toHaveLength(postsBefore + 1);
    expect(modLog().at(-1)?.embeds[0]?.title).toBe(`Warning | Case #${kase.number}`);
    expect(sim.dmsTo(alice.id).map((dm) => dm.content)).toEqual([
      `You have been warned in **Read-back Guild** (case #${kase.number}).\nReason: ${LOST_READ_BACK}`,
    ]);
  });

  it("announces nothing of a saved case voided before its number could be read", async () => {
    const db = app.container.resolve(DatabaseService);
    const carol = sim.createUser({ username: "carol" });
    guild.addMember(carol.id);
    const postsBefore = modLog().length;

    expect((await warn(carol, `${LOST_READ_BACK}, then voided`)).content).toBe(SAVED_REPLY);
    // Another moderator's process voids it while this process still cannot read it.
    const other = new Client({ connectionString: adminUrl(databaseName(DATABASE)) });
    await other.connect();
    const voided = await other
      .query<{ id: number }>(`UPDATE cases SET voided = true WHERE target_id = $1 RETURNING id`, [carol.id])
      .finally(() => other.end());
    const caseId = voided.rows[0]?.id;
    expect(voided.rows).toHaveLength(1);
    await db.sql("SET search_path TO DEFAULT");

    await eventually(
      announcement(Number(caseId), "a saved case was voided before it was announced"),
      10_000,
      "the announcement's end",
    );
    expect(sim.dmsTo(carol.id)).toHaveLength(0);
    expect(modLog()).toHaveLength(postsBefore);
  });

  it("numbers and announces the next warning as usual", async () => {
    const bob = sim.createUser({ username: "bob" });
    guild.addMember(bob.id);
    const reply = await warn(bob, "an ordinary warning");
    expect(reply.content).toMatch(/^Warned \*\*bob\*\* \(case #\d+\)\.$/);
    const number = Number(/#(\d+)/.exec(reply.content ?? "")?.[1]);
    await eventually(() => sim.dmsTo(bob.id).length === 1, 5_000, "bob's DM");
    expect(sim.dmsTo(bob.id)[0]?.content).toContain(`(case #${number})`);
  });
});
