import type { WardenApp } from "../../src/app";
import { EconomyCog } from "../../src/cogs/economy/economy-cog";
import { OpsCog } from "../../src/cogs/ops/ops-cog";
import { EconomyController } from "../../src/controllers/economy-controller";
import { DiscordSimulator, type SimGuild, type SimMessage, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { withAdminClient } from "../support/database-server";
import { eventually } from "../support/eventually";
import { snowflake } from "../support/factories";
import { parsePrometheusText } from "../support/prometheus-text";
import {
  describeWithStreamingReplica,
  startStreamingPair,
  type StreamingPair,
} from "../support/streaming-replica";

async function metric(app: WardenApp, name: string, labels: Record<string, string>): Promise<number> {
  const ops = app.cogs.find((cog): cog is OpsCog => cog instanceof OpsCog);
  await eventually(() => ops?.port !== undefined, 5000, "the metrics listener");
  const text = await (await fetch(`http://127.0.0.1:${ops?.port ?? 0}/metrics`)).text();
  return parsePrometheusText(text)
    .filter((sample) => sample.name === name)
    .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

const rows = (message: SimMessage) => (message.embeds[0]?.description ?? "").split("\n");

/** A real Warden (simulated Discord) with DATABASE_URL on a primary and DATABASE_REPLICA_URLS on its standby. */
describeWithStreamingReplica("/leaderboard from a streaming replica, end to end", () => {
  let pair: StreamingPair;
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let alice: SimUser, bob: SimUser, carol: SimUser;

  const leaderboard = (user: SimUser) =>
    sim.command({ guildId: guild.id, userId: user.id, name: "leaderboard" }).answer();

  beforeAll(async () => {
    pair = await startStreamingPair();
    await withAdminClient(pair.primaryUrl("postgres"), (client) => client.query("CREATE DATABASE warden"));
    sim = await DiscordSimulator.start();
    [alice, bob, carol] = ["alice", "bob", "carol"].map((username) => sim.createUser({ username })) as [
      SimUser,
      SimUser,
      SimUser,
    ];
    guild = sim.createGuild({ name: "Replicated" });
    for (const user of [alice, bob, carol]) guild.addMember(user.id);
    ({ app } = await startBot({
      sim,
      databaseUrl: pair.primaryUrl("warden"),
      cogs: [EconomyCog, OpsCog],
      env: {
        DATABASE_REPLICA_URLS: pair.replicaUrl("warden"),
        // Health measured once a minute: what the replica held at that check decides every read after it.
        REPLICA_CHECK_MS: "60000",
        REPLICA_MAX_LAG_MS: "5000",
      },
    }));
    const economy = app.container.resolve(EconomyController);
    await economy.add(guild.id, alice.id, 100n, snowflake(), "seed");
    await economy.add(guild.id, bob.id, 50n, snowflake(), "seed");
    await pair.caughtUp();
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await pair?.stop();
  });

  it("answers /leaderboard from the replica: its statement log has the read, the primary's does not", async () => {
    const [primaryBefore, replicaBefore] = [
      await pair.statements("primary"),
      await pair.statements("replica"),
    ];
    const board = await leaderboard(carol);
    expect(rows(board)).toEqual([`**1.** <@${alice.id}> — 100 points`, `**2.** <@${bob.id}> — 50 points`]);
    expect((await pair.statements("replica", replicaBefore.length)).text).toContain("member_balances");
    expect((await pair.statements("primary", primaryBefore.length)).text).not.toContain("member_balances");
    const served = await metric(app, "warden_replica_reads_total", { served_by: "replica" });
    expect(served).toBeGreaterThanOrEqual(1);
    // Running a command writes nothing on the member's behalf by itself: their next read goes there too.
    await leaderboard(carol);
    expect(await metric(app, "warden_replica_reads_total", { served_by: "replica" })).toBe(served + 1);
  });

  it("reads a member's /give back from the primary while the replica, paused, does not hold it yet", async () => {
    await pair.pauseReplay();
    try {
      const gave = await sim
        .command({ guildId: guild.id, userId: alice.id, name: "give", options: { user: bob.id, amount: 30 } })
        .answer();
      expect(gave.content).toBe(`Gave **30 points** to <@${bob.id}>. You have 70 points left.`);
      expect(rows(await leaderboard(alice))).toEqual([
        `**1.** <@${bob.id}> — 80 points`,
        `**2.** <@${alice.id}> — 70 points`,
      ]);
      expect(rows(await leaderboard(carol))).toEqual([
        `**1.** <@${alice.id}> — 100 points`,
        `**2.** <@${bob.id}> — 50 points`,
      ]);
      expect(
        await metric(app, "warden_replica_skips_total", { reason: "read_your_writes" }),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await pair.resumeReplay();
      await pair.caughtUp();
    }
  });

  it("gives the same answer from the primary when the replica stops, and counts the skip", async () => {
    const before = rows(await leaderboard(carol));
    await pair.stopReplica();
    try {
      expect(rows(await leaderboard(carol))).toEqual(before);
      expect(rows(await leaderboard(carol))).toEqual(before);
      expect(await metric(app, "warden_replica_skips_total", { reason: "down" })).toBeGreaterThanOrEqual(1);
    } finally {
      await pair.startReplica();
    }
  });
});
