import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { EmbeddedServer } from "../../../src/database/embedded-server";
import { DiscordSimulator } from "../../../simulator";
import { eventually } from "../eventually";
import { BotChild, describeLine } from "../fuzz/bot-child";
import { answerOf, type Answer } from "./answers";
import { checkCrash, type CrashFindings } from "./crash-checks";
import { buildCrashWorld, crashLoad, fundGivers, STARTING_POINTS, type CrashWorld } from "./crash-world";
import { killPostgres } from "./kill-postgres";
import { freePort } from "../free-port";

export interface CrashOptions {
  /** Node arguments that start Warden (`dist/src/main.js`, or `-r swc-register src/main.ts`). */
  botArgs: readonly string[];
  cwd: string;
  /** A folder for the server's files (reachable by the postgres user when running as root). */
  workDir: string;
  warns?: number;
  gives?: number;
  /** Interactions the bot must have received before PostgreSQL is killed. */
  killAfter?: number;
  outageMs?: number;
  /** Interactions sent per second (all of them go out within a few seconds). */
  rate?: number;
}

export interface CrashReport extends CrashFindings {
  total: number;
  answered: number;
  /** Interactions sent but not yet answered when PostgreSQL died, and those answered by then. */
  inFlightAtKill: number;
  answeredAtKill: number;
  killedProcesses: number;
  botPid: number | undefined;
  /** The bot never exited (the same process served before, during and after). */
  botSurvived: boolean;
  botExitCode: number | null;
  /** Lines the bot logged with an incident id (`msg`: the error), and unhandled rejections. */
  incidents: string[];
  unhandled: number;
}

/**
 * PostgreSQL killed (SIGKILL, every process of it) while /warn and /give are in flight, restarted on the
 * same folder and port `outageMs` later, the bot left running; then every answer and the database are
 * checked, and each warning answered "unavailable" is sent again, as the answer asks.
 */
export async function runPostgresCrash(options: CrashOptions): Promise<CrashReport> {
  const { warns = 200, gives = 200, killAfter = 100, outageMs = 5_000, rate = 400 } = options;
  const dataDir = mkdtempSync(path.join(options.workDir, "warden-crash-"));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as `postgres` when the tests run as root
  const port = await freePort();
  const server = () =>
    new EmbeddedServer({ dataDir, port, database: "warden", logger: pino({ level: "silent" }) });
  let running = server();
  const url = await running.start();
  const sim = await DiscordSimulator.start();
  const world = buildCrashWorld(sim, warns, Math.min(20, gives));
  const bot = new BotChild(options.botArgs, botEnv(sim, world, url), options.cwd);
  try {
    await bot.waitFor("Warden is running", 90_000);
    await eventually(
      () => ["warn", "give", "economy"].every((name) => registered(sim).has(name)),
      60_000,
      "commands",
    );
    await fundGivers(sim, world);
    const actions = crashLoad(world, warns, gives);
    const received = bot.count("interaction received");
    const answers: Array<Promise<Answer>> = [];
    let acknowledged = 0;
    let sent = 0;
    const started = performance.now();
    const sending = (async () => {
      for (const [index, action] of actions.entries()) {
        const wait = started + (index * 1000) / rate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const handle = sim.command(action.input);
        sent += 1;
        handle.callback(5_000).then(
          () => (acknowledged += 1),
          () => undefined,
        );
        answers.push(answerOf(handle));
      }
    })();
    await bot.waitFor("interaction received", 30_000, received + killAfter);
    const killed = await killPostgres(dataDir);
    const inFlightAtKill = sent - acknowledged;
    const doneAtKill = acknowledged;
    await sending;
    await new Promise((resolve) => setTimeout(resolve, outageMs)); // the outage itself, not an interleaving
    running = server();
    await running.start();
    const settled = await Promise.all(answers);
    const findings = await checkCrash({
      url,
      world,
      actions,
      answers: settled,
      startingTotal: BigInt(STARTING_POINTS * world.givers.length),
      retry: (input) => answerOf(sim.command(input)),
      integrity: () =>
        answerOf(
          sim.command({
            guildId: world.guild.id,
            userId: world.ownerId,
            name: "db",
            subcommand: "integrity",
          }),
        ),
    });
    const botSurvived = bot.running;
    const report: CrashReport = {
      ...findings,
      total: actions.length,
      answered: settled.filter((answer) => answer.answered).length,
      inFlightAtKill,
      answeredAtKill: doneAtKill,
      killedProcesses: killed.killed,
      botPid: bot.pid,
      botSurvived,
      botExitCode: null,
      incidents: bot.incidents().map(describeLine),
      unhandled: bot.unhandled().length,
    };
    report.botExitCode = await bot.stop();
    if (report.violations.length > 0 || report.incidents.length > 0) reportBotLog(bot);
    return report;
  } finally {
    if (bot.running) await bot.stop();
    await sim.close();
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * A failed run's account of what the bot said: its warnings and errors (newest 40) and its stderr (a crash's
 * stack lands there), printed with the failure, since the run's folder goes when the run ends.
 */
function reportBotLog(bot: BotChild): void {
  const troubles = bot.tail.filter((line) => /"level":(4|5|6)\d/.test(line)).slice(-40);
  console.warn(
    `postgres-crash: the bot's warnings and errors (newest ${troubles.length}):\n${troubles.join("\n")}\n` +
      `its stderr (end):\n${bot.stderr.slice(-4_000)}`,
  );
}

function botEnv(sim: DiscordSimulator, world: CrashWorld, url: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    TMPDIR: process.env.TMPDIR ?? "/tmp",
    DISCORD_TOKEN: sim.token,
    DISCORD_API_URL: sim.apiUrl,
    DATABASE_URL: url,
    OWNER_IDS: world.ownerId,
    LOG_LEVEL: "debug",
    HEALTH_ENABLED: "false",
  };
}

function registered(sim: DiscordSimulator): Set<string> {
  return new Set(sim.registeredCommands().map((command) => command.name));
}
