import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  connectionsOpened,
  interactionsFinished,
  PoolSampler,
  readPool,
} from "../../../bench/lib/warden-metrics";
import type { ConnectionsTried, PoolCounts } from "../../../src/database/database-service";
import { WardenMetrics } from "../../../src/ops/metrics";
import { eventually } from "../../support/eventually";

/** The warnLoad bench's reading of Warden's /metrics, against WardenMetrics' own exposition. */
describe("bench warden-metrics", () => {
  let counts: PoolCounts;
  let tried: ConnectionsTried;
  let metrics: WardenMetrics;
  let server: Server;
  let url: string;

  beforeEach(async () => {
    counts = { inUse: 2, idle: 8, waiting: 0 };
    tried = { primary: 10, replica: 0 };
    metrics = new WardenMetrics(
      () => counts,
      () => tried,
    );
    server = createServer((_, response) => {
      void metrics.registry.metrics().then((text) => {
        response.writeHead(200, { "content-type": metrics.registry.contentType });
        response.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("reads the pool's waiting and in-use counts", async () => {
    counts = { inUse: 10, idle: 0, waiting: 4 };
    expect(await readPool(url, 5_000)).toEqual({ waiting: 4, inUse: 10 });
  });

  it("tallies the samples that saw a client waiting, and the most waiting", async () => {
    const sampler = new PoolSampler(url, 5);
    try {
      await eventually(() => sampler.tally.samples >= 2, 5_000, "samples with nobody waiting");
      counts = { inUse: 10, idle: 0, waiting: 3 };
      await eventually(() => sampler.tally.withWaiting >= 2, 5_000, "samples with clients waiting");
      counts = { inUse: 10, idle: 0, waiting: 1 };
    } finally {
      await sampler.stop();
    }
    const { tally } = sampler;
    expect(tally.maxWaiting).toBe(3);
    expect(tally.maxInUse).toBe(10);
    expect(tally.missed).toBe(0);
    expect(tally.withWaiting).toBeGreaterThanOrEqual(2);
    expect(tally.samples - tally.withWaiting).toBeGreaterThanOrEqual(2);
  });

  it("reads how many connections the pools have tried to open, both pools together", async () => {
    expect(await connectionsOpened(url)).toBe(10);
    tried = { primary: 12, replica: 3 };
    expect(await connectionsOpened(url)).toBe(15);
  });

  it("counts a command's finished interactions over every outcome, and no other command's", async () => {
    const finish = (command: string, outcome: "ok" | "refused" | "error"): void =>
      metrics.observeInteraction({ command, outcome, guildId: "1", userId: "2", latencyMs: 3, locale: "en" });
    finish("/warn", "ok");
    finish("/warn", "ok");
    finish("/warn", "refused");
    finish("/ping", "ok");
    expect(await interactionsFinished(url, "/warn")).toBe(3);
  });
});
