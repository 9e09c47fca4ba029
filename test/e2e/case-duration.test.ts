import { PermissionFlagsBits } from "discord.js";
import { setTimeout as sleep } from "node:timers/promises";
import type { WardenApp } from "../../src/app";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { CaseController } from "../../src/controllers/case-controller";
import { DatabaseService } from "../../src/database/database-service";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_case_duration_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("a timed action's duration", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Busy Guild" });
    mod = sim.createUser({ username: "mod" });
    const mods = guild.createRole({ name: "Mods", position: 5, permissions: PermissionFlagsBits.BanMembers });
    guild.addMember(mod.id, { roles: [mods.id] });
    // One connection: a busy pool makes the /ban wait before its transaction, as under load.
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog],
      env: { DB_POOL_MAX: "1" },
    }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const ban = (userId: string, duration: string) =>
    sim.command({
      guildId: guild.id,
      userId: mod.id,
      name: "ban",
      options: { user: userId, reason: "raid", duration },
    });

  it("is counted from the case's creation, however long the action waited for the database", async () => {
    const [early, late] = [sim.createUser({ username: "early" }), sim.createUser({ username: "late" })];
    guild.addMember(early.id);
    guild.addMember(late.id);
    expect((await ban(early.id, "1h").answer()).content).toMatch(/^Banned \*\*early\*\* for 1h/); // caches warm

    const db = app.container.resolve(DatabaseService);
    let release = (): void => undefined;
    const busy = db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    const handle = ban(late.id, "1h");
    await eventually(
      () => (db.poolCounts()?.waiting ?? 0) === 1,
      10_000,
      "the /ban waiting for a connection",
    );
    await sleep(1_100); // the wait the answer must not show
    release();
    await busy;

    expect((await handle.answer()).content).toMatch(/^Banned \*\*late\*\* for 1h \(case #\d+\)\.$/);
    const kase = (
      await app.container.resolve(CaseController).list(guild.id, { targetId: late.id }, { limit: 1 })
    ).items[0];
    expect((kase?.expiresAt?.getTime() ?? 0) - (kase?.createdAt.getTime() ?? 0)).toBe(3_600_000);
  });
});
