import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WardenApp } from "../../src/app";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { OpsCog } from "../../src/cogs/ops/ops-cog";
import { EmbeddedServer } from "../../src/database/embedded-server";
import { createLogger } from "../../src/logger";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually, eventuallyAsync } from "../support/eventually";
import { stopPostmaster } from "../support/postmaster";
import { parsePrometheusText } from "../support/prometheus-text";
import { TcpProxy } from "../support/tcp-proxy";
import { RequiresDatabaseCog } from "../support/test-cogs";
import { createDatabase, dropDatabase } from "../support/test-database";

async function listeningPort(app: WardenApp): Promise<number> {
  const ops = app.cogs.find((cog): cog is OpsCog => cog instanceof OpsCog);
  if (!ops) throw new Error("the ops cog is not loaded");
  await eventually(() => ops.port !== undefined, 5000, "the health listener");
  return ops.port ?? 0;
}

async function healthStatus(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
}

/** Polls the endpoint until it answers `status` (eventually() takes synchronous checks). */
async function healthBecomes(port: number, status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let last = await healthStatus(port); last !== status; last = await healthStatus(port)) {
    if (Date.now() > deadline) throw new Error(`/healthz still answers ${last} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("health and metrics", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let member: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild();
    member = sim.createUser({ username: "member" });
    guild.addMember(member.id);
  });
  afterAll(() => sim.close());

  it("/healthz turns 503 when the database stops and 200 again once it is back, without a restart", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "warden-health-"));
    chmodSync(dataDir, 0o755); // reachable by the postgres user when the tests run as root
    let app: WardenApp | undefined;
    let restarted: EmbeddedServer | undefined;
    try {
      ({ app } = await startBot({ sim, cogs: [CoreCog, OpsCog], env: { DATA_DIR: dataDir } }));
      const port = await listeningPort(app);
      const healthy = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(healthy.status).toBe(200);
      expect(await healthy.json()).toMatchObject({ ok: true, database: { ok: true }, gateway: { ok: true } });

      const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
      const states = samples.filter((sample) => sample.name === "warden_db_pool_connections");
      expect(states.map((sample) => sample.labels.state).sort()).toEqual(["idle", "in_use", "waiting"]);
      expect(
        samples.find((sample) => sample.name === "warden_db_connections_opened_total")?.value,
      ).toBeGreaterThan(0);
      expect(
        samples.find(
          (sample) =>
            sample.name === "warden_db_query_duration_seconds_count" && sample.labels.success === "true",
        )?.value,
      ).toBeGreaterThan(0);

      const server = await stopPostmaster(dataDir);
      await healthBecomes(port, 503, 5000);
      const down = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await down.json()).toMatchObject({ ok: false, database: { ok: false }, gateway: { ok: true } });

      restarted = new EmbeddedServer({
        dataDir,
        port: server.port,
        database: "warden",
        logger: createLogger("silent"),
      });
      await restarted.start();
      await healthBecomes(port, 200, 15_000);
    } finally {
      await app?.stop();
      await restarted?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("counts failures of work nobody awaits (tasks, listeners) by source and kind", async () => {
    const { proxy, url } = await TcpProxy.forUrl(
      await createDatabase("background_failures", { migrated: true }),
    );
    let app: WardenApp | undefined;
    try {
      ({ app } = await startBot({ sim, databaseUrl: url, cogs: [CoreCog, OpsCog, RequiresDatabaseCog] }));
      const port = await listeningPort(app);
      proxy.down(); // the cog's 50 ms task now meets an outage on every run
      const outages = async (): Promise<number> => {
        const samples = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
        const sample = samples.find(
          (candidate) =>
            candidate.name === "warden_background_failures_total" &&
            candidate.labels.source === "task:needs-db" &&
            candidate.labels.kind === "outage",
        );
        return sample?.value ?? 0;
      };
      await eventuallyAsync(async () => (await outages()) >= 3, 10_000, "three counted task outages");
    } finally {
      proxy.up();
      await app?.stop();
      await proxy.close();
      await dropDatabase("background_failures");
    }
  });

  it("/metrics is Prometheus text with a latency histogram for the commands that ran", async () => {
    const { app } = await startBot({
      sim,
      databaseUrl: "postgres://warden:warden@127.0.0.1:1/warden",
      cogs: [CoreCog, OpsCog],
      env: { DB_CONNECT_TIMEOUT_MS: "500" },
    });
    try {
      const port = await listeningPort(app);
      for (let i = 0; i < 3; i += 1) {
        await sim.command({ guildId: guild.id, userId: member.id, name: "ping" }).answer();
      }
      await sim.command({ guildId: guild.id, userId: member.id, name: "about" }).answer();

      let samples = parsePrometheusText("");
      const countOf = (command: string): number | undefined =>
        samples.find(
          (sample) =>
            sample.name === "warden_interaction_duration_seconds_count" && sample.labels.command === command,
        )?.value;
      const deadline = Date.now() + 5000;
      do {
        const response = await fetch(`http://127.0.0.1:${port}/metrics`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
        samples = parsePrometheusText(await response.text());
      } while ((countOf("/ping") !== 3 || countOf("/about") !== 1) && Date.now() < deadline);

      expect(countOf("/ping")).toBe(3);
      expect(countOf("/about")).toBe(1);
      const pingBuckets = samples.filter(
        (sample) =>
          sample.name === "warden_interaction_duration_seconds_bucket" && sample.labels.command === "/ping",
      );
      expect(pingBuckets.find((bucket) => bucket.labels.le === "+Inf")?.value).toBe(3);
      expect(
        samples.find(
          (sample) =>
            sample.name === "warden_interactions_total" &&
            sample.labels.command === "/ping" &&
            sample.labels.outcome === "ok",
        )?.value,
      ).toBe(3);
      expect(samples.some((sample) => sample.name === "warden_db_pool_connections")).toBe(false);
      expect(await healthStatus(port)).toBe(503);
      expect((await fetch(`http://127.0.0.1:${port}/nothing`)).status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it("serves nothing when HEALTH_ENABLED is off", async () => {
    const { app } = await startBot({
      sim,
      databaseUrl: "postgres://warden:warden@127.0.0.1:1/warden",
      cogs: [CoreCog, OpsCog],
      env: { DB_CONNECT_TIMEOUT_MS: "500", HEALTH_ENABLED: "false" },
    });
    try {
      expect(
        (await sim.command({ guildId: guild.id, userId: member.id, name: "ping" }).answer()).content,
      ).toMatch(/^Pong!/);
      expect(app.cogs.find((cog): cog is OpsCog => cog instanceof OpsCog)?.port).toBeUndefined();
    } finally {
      await app.stop();
    }
  });
});
