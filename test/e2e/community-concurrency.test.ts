import { PermissionFlagsBits } from "discord.js";
import { Client } from "pg";
import { DiscordSimulator, type InteractionHandle, type SimGuild } from "../support/discord-simulator";
import { eventually } from "../support/eventually";
import { MainProcess } from "../support/main-process";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_community_concurrency_w${process.env.JEST_WORKER_ID ?? "0"}`;
const INCREMENTS = 500;
const TAG_USES = 200;
const MEMBERS = 10;

/**
 * Variables and tags under load from two bot processes on one database (the simulator hands the guild's
 * interactions to each process in turn): every increment and every use must count exactly once.
 */
describe("variables and tags across two bot processes", () => {
  let sim: DiscordSimulator;
  let databaseUrl: string;
  let guild: SimGuild;
  let memberIds: string[];
  const processes: MainProcess[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ interactionRouting: "round-robin" });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    guild = sim.createGuild({ name: "Busy" });
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    memberIds = Array.from({ length: MEMBERS }, (_, index) => {
      const user = sim.createUser({ username: `member${index}` });
      guild.addMember(user.id, { roles: [admins.id] });
      return user.id;
    });
    const env = {
      DISCORD_TOKEN: sim.token,
      DISCORD_API_URL: sim.apiUrl,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "debug",
    };
    processes.push(new MainProcess(env), new MainProcess(env));
    await sim.waitForShards(2, 60_000);
    await eventually(
      () => ["var", "tag"].every((name) => sim.registeredCommands().some((command) => command.name === name)),
      30_000,
      "/var and /tag",
    );
  });

  afterAll(async () => {
    for (const main of processes) {
      main.child.kill("SIGTERM");
      await main.exited;
    }
    await sim.close();
    await dropDatabase(DATABASE);
  });

  /** Sends `count` commands ten at a time every 50 ms, like members at full tilt, and awaits every answer. */
  async function burst(count: number, subcommand: string, name: string, options: Record<string, string>) {
    const handles: InteractionHandle[] = [];
    for (let index = 0; index < count; index += 1) {
      handles.push(
        sim.command({
          guildId: guild.id,
          userId: memberIds[index % MEMBERS] ?? "",
          name,
          subcommand,
          options,
        }),
      );
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Promise.all(handles.map((handle) => handle.reply(15_000)));
  }

  async function query<R extends Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  it("counts 500 simultaneous /var incr of one variable exactly", async () => {
    const replies = await burst(INCREMENTS, "incr", "var", { name: "hits" });
    const values = replies.map((reply) => Number(/^`hits` is now (\d+)\.$/.exec(reply.content)?.[1]));
    expect(
      replies.filter((reply) => !/^`hits` is now \d+\.$/.test(reply.content)).map((r) => r.content),
    ).toEqual([]);
    expect(new Set(values).size).toBe(INCREMENTS);
    const rows = await query<{ value: number; type: string }>(
      "SELECT value, type FROM variables WHERE guild_id = $1 AND name = 'hits'",
      [guild.id],
    );
    expect(rows).toEqual([{ value: INCREMENTS, type: "integer" }]);
  });

  it("counts 200 simultaneous /tag use exactly", async () => {
    const created = await sim
      .command({
        guildId: guild.id,
        userId: memberIds[0] ?? "",
        name: "tag",
        subcommand: "create",
        options: { name: "Hello", response: "hello #{count}" },
      })
      .reply();
    expect(created.content).toBe("Created the tag `Hello`.");
    const replies = await burst(TAG_USES, "use", "tag", { name: "hello" });
    expect(replies.filter((reply) => !/^hello #\d+$/.test(reply.content)).map((r) => r.content)).toEqual([]);
    expect(new Set(replies.map((reply) => reply.content)).size).toBe(TAG_USES);
    const rows = await query<{ uses: number }>("SELECT uses FROM tags WHERE guild_id = $1", [guild.id]);
    expect(rows).toEqual([{ uses: TAG_USES }]);
    const handled = processes.map((main) => main.count("interaction received"));
    expect(handled.every((count) => count > 0)).toBe(true);
  });
});
