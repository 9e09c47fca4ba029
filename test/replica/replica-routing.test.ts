import "reflect-metadata";
import type { DependencyContainer } from "tsyringe";
import { buildContainer } from "../../src/container";
import { ActivityController } from "../../src/controllers/activity-controller";
import { CaseArchiveController } from "../../src/controllers/case-archive/case-archive-controller";
import { CaseController } from "../../src/controllers/case-controller";
import { EconomyController } from "../../src/controllers/economy-controller";
import { MemberJoinController } from "../../src/controllers/member-join-controller";
import { UsageController } from "../../src/controllers/usage-controller";
import { DatabaseService } from "../../src/database/database-service";
import type { ReplicaRouting } from "../../src/database/read-replicas";
import { createLogger } from "../../src/logger";
import { CapturedLogs } from "../support/bot-harness";
import { withAdminClient } from "../support/database-server";
import { eventuallyAsync } from "../support/eventually";
import { makeGuild, snowflake } from "../support/factories";
import {
  describeWithStreamingReplica,
  startStreamingPair,
  type StreamingPair,
} from "../support/streaming-replica";
import { testConfig } from "../support/test-database";

interface Warden {
  container: DependencyContainer;
  db: DatabaseService;
  logs: CapturedLogs;
  routed: ReplicaRouting[];
}

async function startWarden(pair: StreamingPair, env: Record<string, string>): Promise<Warden> {
  const config = testConfig({
    DATABASE_URL: pair.primaryUrl("warden"),
    DATABASE_REPLICA_URLS: pair.replicaUrl("warden"),
    LOG_LEVEL: "info",
    ...env,
  });
  const logs = new CapturedLogs();
  const container = buildContainer(config, createLogger(config.LOG_LEVEL, logs));
  const db = container.resolve(DatabaseService);
  await db.start();
  const routed: ReplicaRouting[] = [];
  db.replicas.routed.add((routing) => routed.push(routing));
  return { container, db, logs, routed };
}

async function stopWarden(warden: Warden | undefined): Promise<void> {
  await warden?.db.close();
  await warden?.container.dispose();
}

const skippedLines = (warden: Warden, reason: string) =>
  warden.logs.lines.filter(
    (line) => line.msg === "read replica skipped: its reads go to the primary" && line.reason === reason,
  );

describeWithStreamingReplica("reads from a streaming replica (DATABASE_REPLICA_URLS)", () => {
  let pair: StreamingPair;
  let guildId: string;
  const members = [snowflake(), snowflake(), snowflake()];

  beforeAll(async () => {
    pair = await startStreamingPair();
    await withAdminClient(pair.primaryUrl("postgres"), (client) => client.query("CREATE DATABASE warden"));
    // Migrates the primary and seeds it; the replica receives both through streaming replication.
    const seeding = await startWarden(pair, {});
    try {
      guildId = (await makeGuild(seeding.container)).id;
      const economy = seeding.container.resolve(EconomyController);
      for (const [index, member] of members.entries())
        await economy.add(guildId, member, BigInt(100 * (index + 1)), snowflake(), "seed");
    } finally {
      await stopWarden(seeding);
    }
    await pair.caughtUp();
  }, 120_000);

  afterAll(async () => {
    await pair?.stop();
  });

  describe("with the replica's health trusted for a minute", () => {
    let warden: Warden;

    beforeAll(async () => {
      warden = await startWarden(pair, { REPLICA_CHECK_MS: "60000", REPLICA_MAX_LAG_MS: "5000" });
    });

    afterAll(() => stopWarden(warden));

    it("answers /leaderboard, /stats, /invites top, /activity top, the dashboard case list and /cases export from the replica, and nothing of them from the primary", async () => {
      const c = warden.container;
      const reads: Array<[string, () => Promise<unknown>, string]> = [
        ["leaderboard", () => c.resolve(EconomyController).rankPage(guildId, null, 10), "member_balances"],
        ["stats", () => c.resolve(UsageController).summary({ guildId, hours: 168 }), "usage_"],
        ["invites top", () => c.resolve(MemberJoinController).ranking(guildId, null), "member_joins"],
        ["activity top", () => c.resolve(ActivityController).top(guildId, null, 5), "member_activity"],
        [
          "dashboard case list",
          () => c.resolve(CaseController).browse(guildId, {}, { limit: 50 }),
          '"cases"',
        ],
        [
          "cases export",
          async () => {
            for await (const page of c.resolve(CaseArchiveController).exportPages(guildId, {})) void page;
          },
          "string_agg(page.line",
        ],
      ];
      const [primaryBefore, replicaBefore] = [
        await pair.statements("primary"),
        await pair.statements("replica"),
      ];
      const leaderboard = await c.resolve(EconomyController).rankPage(guildId, null, 10);
      for (const [, read] of reads) await read();
      const [primary, replica] = [
        await pair.statements("primary", primaryBefore.length),
        await pair.statements("replica", replicaBefore.length),
      ];
      expect(leaderboard.holders.map((holder) => holder.balance)).toEqual([300n, 200n, 100n]);
      for (const [name, , table] of reads) {
        expect({ name, onReplica: replica.text.includes(table) }).toEqual({ name, onReplica: true });
        expect({ name, onPrimary: primary.text.includes(table) }).toEqual({ name, onPrimary: false });
      }
      expect(replica.text).toContain("warden-replica-reads:");
      expect(warden.routed.every((routing) => routing.servedBy === "replica")).toBe(true);
    });

    it("writes on the primary, and reads a member's own write back from the primary while another member reads the replica", async () => {
      const economy = warden.container.resolve(EconomyController);
      const [writer, reader] = [members[0] ?? "", members[1] ?? ""];
      await economy.rankPage(guildId, null, 10); // health measured: caught up
      await pair.pauseReplay();
      try {
        const before = [await pair.statements("primary"), await pair.statements("replica")] as const;
        await warden.db.onBehalfOf(writer, () => economy.add(guildId, writer, 1000n, snowflake(), "gift"));
        const theirs = await warden.db.onBehalfOf(writer, () => economy.rankPage(guildId, null, 10));
        const others = await warden.db.onBehalfOf(reader, () => economy.rankPage(guildId, null, 10));
        const primary = await pair.statements("primary", before[0].length);
        expect(primary.text).toMatch(/INSERT INTO "member_balances"|member_balances/);
        expect(theirs.holders[0]).toEqual({ userId: writer, balance: 1100n });
        // The replica does not hold the gift yet (replay is paused), and is within the lag bound.
        expect(others.holders[0]).toEqual({ userId: members[2], balance: 300n });
        expect(warden.routed.slice(-2)).toEqual([
          { servedBy: "primary", replica: expect.any(String), reason: "read_your_writes" },
          { servedBy: "replica", replica: expect.any(String) },
        ]);
      } finally {
        await pair.resumeReplay();
        await pair.caughtUp();
      }
    });
    it("runs a read again on the primary when its replica stops between two health checks (the same answer)", async () => {
      const economy = warden.container.resolve(EconomyController);
      const expected = await economy.rankPage(guildId, null, 10);
      expect(warden.routed.at(-1)?.servedBy).toBe("replica");
      await pair.stopReplica();
      try {
        const answer = await economy.rankPage(guildId, null, 10);
        expect(answer).toEqual(expected);
        expect(warden.routed.slice(-2)).toEqual([
          { servedBy: "replica", replica: expect.any(String) },
          { servedBy: "primary", replica: expect.any(String), reason: "down" },
        ]);
        expect(await economy.rankPage(guildId, null, 10)).toEqual(expected);
        expect(warden.routed.at(-1)).toMatchObject({ servedBy: "primary", reason: "down" });
        expect(skippedLines(warden, "down")).toHaveLength(1);
      } finally {
        await pair.startReplica();
      }
    });
  });

  describe("with the replica's health measured every 100 ms and a 1 s lag bound", () => {
    let warden: Warden;

    beforeAll(async () => {
      warden = await startWarden(pair, { REPLICA_CHECK_MS: "100", REPLICA_MAX_LAG_MS: "1000" });
    });

    afterAll(() => stopWarden(warden));

    it("skips a replica whose replay is paused once it lags more than the bound, says so once, and uses it again once it caught up", async () => {
      const economy = warden.container.resolve(EconomyController);
      await pair.pauseReplay();
      let resumed = false;
      try {
        const someone = snowflake();
        await economy.add(guildId, someone, 5000n, snowflake(), "while paused");
        await eventuallyAsync(
          async () => {
            const page = await economy.rankPage(guildId, null, 10);
            return page.holders[0]?.userId === someone && warden.routed.at(-1)?.reason === "lagging";
          },
          15_000,
          "reads to go to the primary once the replica lags",
        );
        for (let read = 0; read < 20; read += 1) await economy.rankPage(guildId, null, 10);
        expect(skippedLines(warden, "lagging")).toHaveLength(1);
        expect(skippedLines(warden, "lagging")[0]).toMatchObject({ level: 40, lagMs: expect.any(Number) });
        await pair.resumeReplay();
        resumed = true;
        await eventuallyAsync(
          async () => {
            await economy.rankPage(guildId, null, 10);
            return warden.routed.at(-1)?.servedBy === "replica";
          },
          15_000,
          "reads to return to the caught-up replica",
        );
        expect(warden.logs.find((line) => line.msg === "read replica in use again")).toBeDefined();
      } finally {
        if (!resumed) await pair.resumeReplay();
      }
    });

    it("gives the same answers from the primary when the replica is stopped, counting and logging the skip", async () => {
      const economy = warden.container.resolve(EconomyController);
      await pair.caughtUp();
      const expected = await economy.rankPage(guildId, null, 10);
      expect(warden.routed.at(-1)?.servedBy).toBe("replica");
      await pair.stopReplica();
      try {
        const answers = [];
        for (let read = 0; read < 10; read += 1) answers.push(await economy.rankPage(guildId, null, 10));
        expect(answers).toEqual(Array.from({ length: 10 }, () => expected));
        expect(warden.routed.slice(-10).every((routing) => routing.servedBy === "primary")).toBe(true);
        expect(warden.routed.some((routing) => routing.reason === "down")).toBe(true);
        expect(skippedLines(warden, "down")).toHaveLength(1);
      } finally {
        await pair.startReplica();
      }
      await eventuallyAsync(
        async () => {
          await economy.rankPage(guildId, null, 10);
          return warden.routed.at(-1)?.servedBy === "replica";
        },
        15_000,
        "reads to return to the restarted replica",
      );
    });
  });
});
