import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { WardenApp } from "../../src/app";
import { OpsCog } from "../../src/cogs/ops/ops-cog";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { eventually, eventuallyAsync } from "../support/eventually";
import { tracked } from "../support/main-process";
import { withAdminClient } from "../support/database-server";
import { directUrlEnv } from "../support/pooler-routes";
import { createDatabase, dropDatabase } from "../support/test-database";

const root = path.resolve(__dirname, "..", "..");
const DATABASE = `warden_e2e_shards_w${process.env.JEST_WORKER_ID ?? "0"}`;

function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Creates guilds until each of the shards owns one (ids are time-based, so this takes a few tries). */
function guildPerShard(sim: DiscordSimulator, shardCount: number): SimGuild[] {
  const byShard = new Map<number, SimGuild>();
  while (byShard.size < shardCount) {
    const guild = sim.createGuild();
    byShard.set(shardOf(guild.id, shardCount), guild);
  }
  return [...byShard.entries()].sort(([a], [b]) => a - b).map(([, guild]) => guild);
}

async function shardShownByAbout(sim: DiscordSimulator, guild: SimGuild): Promise<string | undefined> {
  const member = sim.createUser();
  guild.addMember(member.id);
  const reply = await sim.command({ guildId: guild.id, userId: member.id, name: "about" }).answer();
  // Only the bot's owners see the processes.
  expect(reply.embeds[0]?.fields?.some((field) => field.name.startsWith("Processes"))).toBe(false);
  return reply.embeds[0]?.fields?.find((field) => field.name === "Shard")?.value;
}

describe("sharding", () => {
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });
  afterAll(() => dropDatabase(DATABASE));

  it("SHARD_COUNT=2 in one process: each guild arrives on its shard and is served from it", async () => {
    const sim = await DiscordSimulator.start({ shardCount: 2 });
    let app: WardenApp | undefined;
    try {
      const guilds = guildPerShard(sim, 2);
      ({ app } = await startBot({ sim, databaseUrl, env: { SHARD_COUNT: "2" } }));
      expect(sim.sessions.map((session) => session.shardId).sort()).toEqual([0, 1]);
      const ops = app.cogs.find((cog): cog is OpsCog => cog instanceof OpsCog);
      await eventually(() => ops?.port !== undefined, 5000, "the metrics listener");
      const metrics = await (await fetch(`http://127.0.0.1:${ops?.port ?? 0}/metrics`)).text();
      expect(metrics).toMatch(/^warden_db_pool_connections\{.*shards="0,1".*\} \d+$/m);
      for (const [shardId, guild] of guilds.entries()) {
        const session = sim.sessions.find((candidate) => candidate.shardId === shardId);
        expect(session?.guildIds).toContain(guild.id);
        expect(await shardShownByAbout(sim, guild)).toBe(`${shardId + 1} of 2`);
      }
    } finally {
      await app?.stop();
      await sim.close();
    }
  });

  it("npm run start:sharded: one process per shard under the ShardingManager, listed for owners, stopped cleanly", async () => {
    const sim = await DiscordSimulator.start({ shardCount: 2 });
    try {
      const guilds = guildPerShard(sim, 2);
      const owner = sim.createUser({ username: "operator" });
      const child = tracked(
        spawn(process.execPath, ["-r", "./test/support/swc-register.js", "src/sharded.ts"], {
          cwd: root,
          env: {
            PATH: process.env.PATH ?? "",
            TMPDIR: os.tmpdir(),
            DISCORD_TOKEN: sim.token,
            DISCORD_API_URL: sim.apiUrl,
            DATABASE_URL: databaseUrl,
            ...directUrlEnv(databaseUrl),
            OWNER_IDS: owner.id,
            HEALTH_ENABLED: "false",
            LOG_LEVEL: "warn",
          },
        }),
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      await sim.waitForShards(2, 60_000);
      for (const [shardId, guild] of guilds.entries()) {
        await eventually(() => sim.registeredCommands().length > 0, 30_000, "command registration");
        expect(await shardShownByAbout(sim, guild)).toBe(`${shardId + 1} of 2`);
      }
      // Either process answers its owners with both, from their heartbeat rows.
      const [first] = guilds;
      if (!first) throw new Error("no guild");
      first.addMember(owner.id);
      const boots = () =>
        withAdminClient(
          databaseUrl,
          async (client) =>
            (await client.query("SELECT 1 FROM process_boots WHERE shard_ids IS NOT NULL")).rowCount,
        );
      // A row is written before its client logs in and learns its shards on the lease task's first run,
      // which starts after command sync: until then /about rightly shows "?" for that process.
      await eventuallyAsync(
        async () => (await boots()) === 2,
        30_000,
        "both processes' heartbeats with shards",
      );
      const about = await sim.command({ guildId: first.id, userId: owner.id, name: "about" }).answer();
      const listed = about.embeds[0]?.fields?.find((field) => field.name.startsWith("Processes"));
      expect(listed?.name).toBe("Processes (2 live)");
      const lines = (listed?.value ?? "").split("\n");
      expect(lines.map((line) => /shards (\d+)/.exec(line)?.[1])).toEqual(["0", "1"]);
      for (const line of lines) expect(line).not.toContain("**");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toBe("");
      // A clean stop retires both rows.
      const left = await withAdminClient(databaseUrl, (client) =>
        client.query("SELECT 1 FROM process_boots"),
      );
      expect(left.rowCount).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
