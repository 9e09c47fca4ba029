import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from "testcontainers";
import { Client } from "pg";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";
import { currentRunId } from "../support/test-run";
import { freePort } from "../support/free-port";

/**
 * Warden's Docker image, started as an operator would: host networking, the bot pointed at the Discord
 * simulator (DISCORD_API_URL) and at this run's PostgreSQL. `.ci/warden-image.sh` builds the image and runs
 * this file (`npm run test:image`, with WARDEN_IMAGE naming the image); `npm test` leaves it out, since it
 * needs a Docker engine and a built image.
 */
const IMAGE = process.env.WARDEN_IMAGE;
const DATABASE = "warden_image_smoke";
const RUN_LABEL = "warden.test-run";

/** Each step's name and seconds, printed after the file as the smoke test's report. */
const timings: Array<[string, number]> = [];
async function timed<R>(step: string, work: () => Promise<R>): Promise<R> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings.push([step, (performance.now() - start) / 1000]);
  }
}

describe(`the Warden image ${IMAGE ?? "(WARDEN_IMAGE unset)"}`, () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let moderator: SimUser;
  let member: SimUser;
  let databaseUrl: string;
  let container: StartedTestContainer;

  beforeAll(async () => {
    if (!IMAGE)
      throw new Error("WARDEN_IMAGE is not set: .ci/warden-image.sh builds the image and runs this file");
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Image smoke" });
    moderator = sim.user(guild.ownerId);
    member = sim.createUser({ username: "member" });
    guild.addMember(member.id);
    databaseUrl = await createDatabase(DATABASE, { migrated: false });
    const healthPort = await freePort();
    container = await timed("start: migrate, log in, register commands", () =>
      new GenericContainer(IMAGE)
        .withNetworkMode("host")
        .withLabels({ [RUN_LABEL]: currentRunId() })
        .withEnvironment({
          DISCORD_TOKEN: sim.token,
          DISCORD_API_URL: sim.apiUrl,
          DATABASE_URL: databaseUrl,
          OWNER_IDS: moderator.id,
          HEALTH_PORT: String(healthPort),
        })
        .withWaitStrategy(Wait.forLogMessage(/"msg":"Warden is running"/))
        .withStartupTimeout(120_000)
        .start(),
    );
  }, 180_000);

  afterAll(async () => {
    if (container) {
      const client = await getContainerRuntimeClient();
      await client.container.getById(container.getId()).remove({ force: true, v: true });
    }
    await sim?.close();
    await dropDatabase(DATABASE);
    process.stdout.write(
      `Image smoke test (${IMAGE ?? "no image"}):\n` +
        timings
          .map(
            ([step, seconds]) =>
              `  ${step}: ${seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(1)} s`}\n`,
          )
          .join(""),
    );
  });

  it("runs as an unprivileged user who owns the data folder", async () => {
    const id = await container.exec(["id", "-u"]);
    expect(id.output.trim()).not.toBe("0");
    const owner = await container.exec(["stat", "-c", "%u", "/app/data"]);
    expect(owner.output.trim()).toBe(id.output.trim());
  });

  it("registered every command with Discord", () => {
    const names = sim.registeredCommands().map((command) => command.name);
    expect(names).toEqual(expect.arrayContaining(["ping", "warn", "db", "cases"]));
  });

  it("answers /ping", async () => {
    const reply = await timed("/ping", () =>
      sim.command({ guildId: guild.id, userId: member.id, name: "ping" }).answer(10_000),
    );
    expect(reply.content).toMatch(/^Pong!/);
  });

  it("records a /warn as a case in the database", async () => {
    const reply = await timed("/warn", () =>
      sim
        .command({
          guildId: guild.id,
          userId: moderator.id,
          name: "warn",
          options: { user: member.id, reason: "smoke test" },
        })
        .answer(10_000),
    );
    expect(JSON.stringify(reply.embeds) + reply.content).toMatch(/#1\b/);
    const rows = await query<{ number: number; type: string; moderator_id: string; reason: string }>(
      databaseUrl,
      "SELECT number, type, moderator_id, reason FROM cases WHERE guild_id = $1 AND target_id = $2",
      [guild.id, member.id],
    );
    expect(rows).toEqual([{ number: 1, type: "warn", moderator_id: moderator.id, reason: "smoke test" }]);
  });

  it("reports itself healthy to the image's health check", async () => {
    const probe = await timed("health check", () => container.exec(["node", "dist/src/healthcheck.js"]));
    expect(probe.output).toMatch(/: 200 /);
    expect(probe.exitCode).toBe(0);
  });

  it("serves /healthz and /metrics on loopback only, so the host network exposes nothing", async () => {
    const client = await getContainerRuntimeClient();
    const logs = await client.container.getById(container.getId()).logs({ stdout: true, stderr: true });
    const listening = logs
      .toString()
      .split("\n")
      .find((line) => line.includes('"msg":"health and metrics listening"'));
    expect(listening).toMatch(/"host":"127\.0\.0\.1"/);
  });

  it("writes a /db backup into its data folder", async () => {
    const reply = await timed("/db backup", () =>
      sim
        .command({ guildId: guild.id, userId: moderator.id, name: "db", subcommand: "backup" })
        .answer(30_000),
    );
    expect(reply.content).toMatch(/^Backup written: `/);
    const listing = await container.exec(["sh", "-c", "stat -c '%U %a %s %n' /app/data/backups/*"]);
    expect(listing.exitCode).toBe(0);
    expect(listing.output.trim()).toMatch(/^node 600 [1-9]\d* \/app\/data\/backups\/warden-backup-/);
  });

  it("lets an arbitrary uid in the root group (docker run --user 12345, as OpenShift runs) back up to its data folder", async () => {
    const backup = await timed("backup as uid 12345", () =>
      container.exec(
        ["node", "dist/src/database/backup-cli.js", "backup", "/app/data/by-12345/warden.backup"],
        {
          user: "12345",
        },
      ),
    );
    expect(backup.output).not.toMatch(/EACCES/);
    expect(backup.exitCode).toBe(0);
    const listing = await container.exec(["stat", "-c", "%u %a", "/app/data/by-12345/warden.backup"], {
      user: "12345",
    });
    expect(listing.output.trim()).toBe("12345 600");
  });

  it("stops cleanly on docker stop (SIGTERM to PID 1): exit code 0", async () => {
    const client = await getContainerRuntimeClient();
    const handle = client.container.getById(container.getId());
    await timed("docker stop", () => handle.stop({ t: 30 }));
    const state = (await handle.inspect()).State;
    expect({ exitCode: state.ExitCode, oomKilled: state.OOMKilled }).toEqual({
      exitCode: 0,
      oomKilled: false,
    });
    const logs = await handle.logs({ stdout: true, stderr: true });
    expect(logs.toString()).toMatch(
      /"msg":"signal received"[^\n]*"signal":"SIGTERM"|"signal":"SIGTERM"[^\n]*"msg":"signal received"/,
    );
    expect(logs.toString()).toMatch(/"msg":"stopped"/);
  });
});

async function query<Row>(url: string, sql: string, values: unknown[]): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Row[];
  } finally {
    await client.end();
  }
}
