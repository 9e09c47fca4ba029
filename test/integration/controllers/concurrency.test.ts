import type { DependencyContainer } from "tsyringe";
import { CaseController } from "../../../src/controllers/case-controller";
import { GuildController } from "../../../src/controllers/guild-controller";
import { RepeatGuard } from "../../../src/controllers/repeat-guard";
import { UserController } from "../../../src/controllers/user-controller";
import { buildContainer } from "../../../src/container";
import { DatabaseService } from "../../../src/database/database-service";
import { CaseType } from "../../../src/entities";
import { createLogger } from "../../../src/logger";
import { neverRepeated, snowflake } from "../../support/factories";
import { testConfig, useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

/** Four independent "processes" (own pool, own controllers) on the same database: 20 connections. */
let processes: DependencyContainer[] = [];

beforeAll(async () => {
  processes = Array.from({ length: 4 }, () => {
    const config = testConfig({ DATABASE_URL: t.url, DB_POOL_MAX: "5" });
    return buildContainer(config, createLogger(config.LOG_LEVEL));
  });
  await Promise.all(processes.map((p) => p.resolve(DatabaseService).start()));
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.resolve(DatabaseService).close()));
});

const pick = (i: number): DependencyContainer => processes[i % processes.length]!;

describe("under real concurrency", () => {
  it("20 concurrent getOrCreate calls make one row, and exactly one caller is told it created it", async () => {
    const id = snowflake();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pick(i).resolve(GuildController).getOrCreate({ id })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entity.id))).toEqual(new Set([id]));
    expect(await t.get(GuildController).count({ id })).toBe(1);
  });

  it("200 cases created on 20 connections are numbered exactly 1..200", async () => {
    const guildId = snowflake();
    const created = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        pick(i)
          .resolve(CaseController)
          .createCase({
            guildId,
            type: CaseType.Warn,
            targetId: snowflake(),
            moderatorId: snowflake(),
            reason: `#${i}`,
          }),
      ),
    );
    const numbers = created.map((c) => c.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect((await t.get(GuildController).getById(guildId))?.caseCounter).toBe(200);
  });

  it("two guilds created interleaved keep their own gapless sequences", async () => {
    const guildA = snowflake();
    const guildB = snowflake();
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        pick(i)
          .resolve(CaseController)
          .createCase({
            guildId: i % 2 ? guildA : guildB,
            type: CaseType.Note,
            targetId: snowflake(),
            moderatorId: snowflake(),
          }),
      ),
    );
    for (const guildId of [guildA, guildB]) {
      const numbers = (
        await t.get(CaseController).findMany({ where: { guildId }, order: { number: "ASC" } })
      ).map((c) => c.number);
      expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    }
  });

  it("a case whose transaction rolls back gives its number back: no gap", async () => {
    const guildId = snowflake();
    const cases = t.get(CaseController);
    await cases.createCase({ guildId, type: CaseType.Warn, targetId: "1", moderatorId: "2" });
    await expect(
      cases.transaction(async () => {
        await cases.createCase({ guildId, type: CaseType.Warn, targetId: "1", moderatorId: "2" });
        throw new Error("Discord refused the action");
      }),
    ).rejects.toThrow("Discord refused");
    const next = await cases.createCase({ guildId, type: CaseType.Warn, targetId: "1", moderatorId: "2" });
    expect(next.number).toBe(2);
  });

  it("moderator actions numbered at commit, mixed with cases numbered at insert, in a new guild: 1..200, each told its own", async () => {
    const guildId = snowflake();
    const warn = (i: number) => ({
      guildId,
      type: CaseType.Warn,
      targetId: snowflake(),
      moderatorId: snowflake(),
      reason: `#${i}`,
    });
    const created = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        if (i % 4 === 0) return pick(i).resolve(CaseController).createCase(warn(i));
        const recorded = await pick(i).resolve(RepeatGuard).recordAction(warn(i), 60_000);
        if (!("created" in recorded)) throw new Error(`#${i} was taken for a repeat`);
        return recorded.created;
      }),
    );
    expect(created.map((kase) => kase.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    const stored = await t.get(CaseController).findMany({ where: { guildId } });
    expect(new Map(stored.map((kase) => [kase.id, kase.number]))).toEqual(
      new Map(created.map((kase) => [kase.id, kase.number])),
    );
    expect((await t.get(GuildController).getById(guildId))?.caseCounter).toBe(200);
  });

  it("a case numbered at commit whose transaction rolls back takes no number", async () => {
    const guildId = snowflake();
    const cases = t.get(CaseController);
    const input = { guildId, type: CaseType.Warn, targetId: "1", moderatorId: "2" };
    await cases.createCase(input);
    await expect(
      cases.transaction(async () => {
        await cases.recordUnlessRepeated(input, neverRepeated, "at-commit");
        throw new Error("the member lock timed out");
      }),
    ).rejects.toThrow("timed out");
    expect((await t.get(GuildController).getById(guildId))?.caseCounter).toBe(1);
    expect((await cases.createCase(input)).number).toBe(2);
    await expect(cases.recordUnlessRepeated(input, neverRepeated, "at-commit")).rejects.toThrow(
      "needs the caller's transaction",
    );
  });

  it("a moderator action recorded inside a caller's transaction is numbered at once", async () => {
    const guildId = snowflake();
    const guard = t.get(RepeatGuard);
    const input = { guildId, type: CaseType.Note, targetId: "1", moderatorId: "2", reason: "first" };
    const numbers = await guard.transaction(async () => {
      const first = await guard.recordAction(input, 60_000);
      const second = await guard.recordAction({ ...input, reason: "second" }, 60_000);
      return [first, second].map((recorded) => ("created" in recorded ? recorded.created.number : null));
    });
    expect(numbers).toEqual([1, 2]);
  });

  it("20 concurrent first sightings of one platform account make one user", async () => {
    const platformUserId = snowflake();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pick(i)
          .resolve(UserController)
          .getOrCreateByPlatform({ platform: "discord", platformUserId, platformUsername: "racer" }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.user.id)).size).toBe(1);
    expect(await t.get(UserController).count()).toBe(1);
  });
});
