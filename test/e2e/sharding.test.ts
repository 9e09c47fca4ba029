import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { WardenApp } from "../../src/app";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { eventually } from "../support/eventually";
import { tracked } from "../support/main-process";
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
  const reply = await sim.command({ guildId: guild.id, userId: member.id, name: "about" }).reply();
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

  it("npm run start:sharded: one process per shard under the ShardingManager, stopped cleanly", async () => {
    const sim = await DiscordSimulator.start({ shardCount: 2 });
    try {
      const guilds = guildPerShard(sim, 2);
      const child = tracked(
        spawn(process.execPath, ["-r", "./test/support/swc-register.js", "src/sharded.ts"], {
          cwd: root,
          env: {
            PATH: process.env.PATH ?? "",
            TMPDIR: os.tmpdir(),
            DISCORD_TOKEN: sim.token,
            DISCORD_API_URL: sim.apiUrl,
            DATABASE_URL: databaseUrl,
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
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).toBe("");
    } finally {
      await sim.close();
    }
  });
});
