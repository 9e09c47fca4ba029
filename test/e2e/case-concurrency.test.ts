import { PermissionFlagsBits } from "discord.js";
import { Client } from "pg";
import { DiscordSimulator, type InteractionHandle } from "../support/discord-simulator";
import { eventually } from "../support/eventually";
import { MainProcess } from "../support/main-process";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_concurrency_w${process.env.JEST_WORKER_ID ?? "0"}`;
const WARNINGS = 500;
const MODERATORS = 10;
const TARGETS = 25;

/**
 * 10 moderators send 500 /warn to one guild, served by two bot processes on one database (the simulator
 * hands the guild's interactions to each process in turn). Case numbers must come out 1..500, every
 * interaction answered, whatever the interleaving.
 */
describe("case numbers across two bot processes", () => {
  let sim: DiscordSimulator;
  let databaseUrl: string;
  const processes: MainProcess[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ interactionRouting: "round-robin" });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });

  afterAll(async () => {
    for (const main of processes) {
      main.child.kill("SIGTERM");
      await main.exited;
    }
    await sim.close();
    await dropDatabase(DATABASE);
  });

  it("numbers 500 concurrent warnings 1..500 with no gap or duplicate, and answers all of them", async () => {
    const guild = sim.createGuild({ name: "Busy" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    const moderators = Array.from({ length: MODERATORS }, (_, index) => {
      const user = sim.createUser({ username: `mod${index}` });
      guild.addMember(user.id, { roles: [mods.id] });
      return user;
    });
    const targets = Array.from({ length: TARGETS }, (_, index) => {
      const user = sim.createUser({ username: `member${index}`, dmsClosed: index % 2 === 0 });
      guild.addMember(user.id);
      return user;
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
      () => sim.registeredCommands().some((command) => command.name === "warn"),
      30_000,
      "/warn",
    );

    // Ten moderators at full tilt: 200 /warn a second, each answered while the next ones arrive.
    const handles: InteractionHandle[] = [];
    for (let index = 0; index < WARNINGS; index += 1) {
      handles.push(
        sim.command({
          guildId: guild.id,
          userId: moderators[index % MODERATORS]?.id ?? "",
          name: "warn",
          options: { user: targets[index % TARGETS]?.id ?? "", reason: `warning ${index}` },
        }),
      );
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const replies = await Promise.all(handles.map((handle) => handle.reply(15_000)));
    const unexpected = replies.filter(
      (reply) => !/^Warned \*\*member\d+\*\* \(case #\d+\)\./.test(reply.content),
    );
    if (unexpected.length > 0) {
      const problems = processes.flatMap((main) =>
        main.stdout.split("\n").filter((line) => /"level":[45]0/.test(line)),
      );
      process.stderr.write(`${problems.slice(0, 5).join("\n")}\n`);
    }
    expect(unexpected.map((reply) => reply.content).slice(0, 3)).toEqual([]);
    const numbersInReplies = replies.map((reply) => Number(/case #(\d+)/.exec(reply.content)?.[1]));
    expect(new Set(numbersInReplies).size).toBe(WARNINGS);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ number: number }>(
        "SELECT number FROM cases WHERE guild_id = $1 ORDER BY number",
        [guild.id],
      );
      expect(rows.map((row) => row.number)).toEqual(
        Array.from({ length: WARNINGS }, (_, index) => index + 1),
      );
    } finally {
      await client.end();
    }
    const handled = processes.map((main) => main.count("interaction received"));
    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
    expect((handled[0] ?? 0) + (handled[1] ?? 0)).toBe(WARNINGS);
  });
});
