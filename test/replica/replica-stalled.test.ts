import "reflect-metadata";
import type { DependencyContainer } from "tsyringe";
import { buildContainer } from "../../src/container";
import { EconomyController } from "../../src/controllers/economy-controller";
import { DatabaseService } from "../../src/database/database-service";
import type { ReplicaRouting } from "../../src/database/read-replicas";
import { createLogger } from "../../src/logger";
import { CapturedLogs } from "../support/bot-harness";
import { withAdminClient } from "../support/database-server";
import { snowflake, makeGuild } from "../support/factories";
import {
  describeWithStreamingReplica,
  startStreamingPair,
  type StreamingPair,
} from "../support/streaming-replica";
import { TcpProxy } from "../support/tcp-proxy";
import { testConfig } from "../support/test-database";

interface Warden {
  container: DependencyContainer;
  db: DatabaseService;
  logs: CapturedLogs;
  routed: ReplicaRouting[];
}

/** `read`'s answer, or "no answer" when it has none after `ms` (the test then fails instead of hanging). */
async function within<T>(ms: number, read: () => Promise<T>): Promise<T | "no answer"> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"no answer">((resolve) => (timer = setTimeout(() => resolve("no answer"), ms)));
  try {
    return await Promise.race([read(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A replica whose network drops every packet (nothing is closed, nothing answers: a partition, a frozen
 * host) must not hold heavy reads: they go to the primary, with the same answer, within a bounded time.
 */
describeWithStreamingReplica("a replica that stops answering without closing anything", () => {
  let pair: StreamingPair;
  let guildId: string;
  let expectedTop: string;
  let proxy: TcpProxy;
  let warden: Warden | undefined;

  async function startWarden(env: Record<string, string>): Promise<Warden> {
    const config = testConfig({
      DATABASE_URL: pair.primaryUrl("warden"),
      DATABASE_REPLICA_URLS: proxied,
      LOG_LEVEL: "info",
      DB_STATEMENT_TIMEOUT_MS: "3000",
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
  let proxied = "";

  beforeAll(async () => {
    pair = await startStreamingPair();
    await withAdminClient(pair.primaryUrl("postgres"), (client) => client.query("CREATE DATABASE warden"));
    const replica = new URL(pair.replicaUrl("warden"));
    proxy = await TcpProxy.start({ host: replica.hostname, port: Number(replica.port) });
    replica.hostname = "127.0.0.1";
    replica.port = String(proxy.port);
    proxied = replica.toString();
    const seeding = await startWarden({});
    try {
      guildId = (await makeGuild(seeding.container)).id;
      expectedTop = snowflake();
      await seeding.container.resolve(EconomyController).add(guildId, expectedTop, 500n, snowflake(), "seed");
    } finally {
      await seeding.db.close();
      await seeding.container.dispose();
    }
    await pair.caughtUp();
  }, 120_000);

  afterEach(async () => {
    proxy.down(); // ends the stalled connections, so the pools close at once
    await warden?.db.close();
    await warden?.container.dispose();
    warden = undefined;
    proxy.up();
  });

  afterAll(async () => {
    await proxy?.close();
    await pair?.stop();
  });

  const top = async (w: Warden) =>
    (await w.container.resolve(EconomyController).rankPage(guildId, null, 10)).holders[0]?.userId;

  it("a health check the replica never answers marks it down: the read goes to the primary, not waiting for ever", async () => {
    warden = await startWarden({ REPLICA_CHECK_MS: "100", REPLICA_MAX_LAG_MS: "5000" });
    expect(await top(warden)).toBe(expectedTop);
    expect(warden.routed.at(-1)?.servedBy).toBe("replica");
    await new Promise((resolve) => setTimeout(resolve, 150)); // the next read measures the replica again
    proxy.stall();
    const answer = await within(15_000, () => top(warden as Warden));
    expect(answer).toBe(expectedTop);
    expect(warden.routed.at(-1)).toMatchObject({ servedBy: "primary", reason: "down" });
    // Later reads do not wait on the silent replica either.
    const started = Date.now();
    expect(await within(15_000, () => top(warden as Warden))).toBe(expectedTop);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 60_000);

  it("a read the replica stops answering midway is run again on the primary, with the same answer", async () => {
    warden = await startWarden({ REPLICA_CHECK_MS: "60000", REPLICA_MAX_LAG_MS: "5000" });
    expect(await top(warden)).toBe(expectedTop);
    expect(warden.routed.at(-1)?.servedBy).toBe("replica");
    proxy.stall();
    const answer = await within(20_000, () => top(warden as Warden));
    expect(answer).toBe(expectedTop);
    expect(warden.routed.slice(-2)).toEqual([
      { servedBy: "replica", replica: expect.any(String) },
      { servedBy: "primary", replica: expect.any(String), reason: "down" },
    ]);
    expect(
      warden.logs.lines.filter((line) => line.msg === "read replica skipped: its reads go to the primary"),
    ).toHaveLength(1);
  }, 60_000);
});
