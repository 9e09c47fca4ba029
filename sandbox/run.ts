import "reflect-metadata";
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from "node:fs";
import path from "node:path";
import { WardenApp } from "../src/app";
import type { CogClass } from "../src/bot/cog";
import { loadConfig, type Config } from "../src/config";
import { ConfigError } from "../src/errors/operator-errors";
import { createLogger } from "../src/logger";
import { DiscordSimulator } from "../simulator";
import { sandboxDashboard } from "./dashboard";
import { oneLine } from "./errors";
import { runInteractive, type LineInput } from "./interactive";
import { SandboxSession } from "./session";
import { seedWorld } from "./world";

export interface SandboxOutput {
  write(text: string): unknown;
}

export interface SandboxOptions {
  /** A transcript to run without a prompt: a file path, or the text itself. Unset: the interactive prompt. */
  script?: string | { text: string };
  /** Where everything the sandbox says goes; default stdout. */
  output?: SandboxOutput;
  /** The prompt's input; default stdin. */
  input?: LineInput;
  /** The environment the config is read from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The cogs to load; default every cog Warden ships. */
  cogs?: readonly CogClass[];
  /** How long to wait for the bot's answer; default 15 s. */
  replyTimeoutMs?: number;
}

const DEFAULT_DATA_DIR = "data/sandbox";

/**
 * `npm run sandbox`: the simulator in-process, a seeded guild, and the real Warden (`WardenApp.start`,
 * as `main.ts` runs it) against it; then a prompt, or a transcript. Resolves with the exit code.
 */
export async function runSandbox(options: SandboxOptions = {}): Promise<number> {
  const output = options.output ?? process.stdout;
  const print = (line: string): void => void output.write(`${line}\n`);
  const env = options.env ?? process.env;
  let script: string | undefined;
  try {
    script = readScript(options.script);
  } catch (error) {
    print(`sandbox: cannot read the script: ${oneLine(error)}`);
    return 1;
  }
  const sim = await DiscordSimulator.start();
  let logFile: WriteStream | undefined;
  let app: WardenApp | undefined;
  try {
    const world = seedWorld(sim);
    const dashboard = await sandboxDashboard(env, sim);
    const config = loadConfig({
      ...env,
      DISCORD_TOKEN: sim.token,
      DISCORD_API_URL: sim.apiUrl,
      DISCORD_CDN_URL: sim.cdnUrl,
      DATA_DIR: env.DATA_DIR || DEFAULT_DATA_DIR,
      OWNER_IDS: world.owner.id,
      DEV_GUILD_ID: "",
      SHARD_COUNT: "",
      SHARD_IDS: "",
      ...dashboard?.env,
    });
    logFile = openLog(config);
    print(logFile ? `logs: ${shortPath(logFile.path.toString())}` : "logs: off (LOG_LEVEL=silent)");
    if (script === undefined) print(startingLine(config));
    const logger = createLogger(config.LOG_LEVEL, logFile);
    app = await WardenApp.start({ config, logger, ...(options.cogs ? { cogs: options.cogs } : {}) });
    if (dashboard) print(dashboard.line);
    const running = app;
    const session = new SandboxSession({
      sim,
      world,
      print,
      settle: async () => void (await running.bot.router.drain(options.replyTimeoutMs ?? 15_000)),
      replyTimeoutMs: options.replyTimeoutMs ?? 15_000,
    });
    if (script !== undefined) return await runScript(script, session, print);
    return await runInteractive(session, options.input ?? process.stdin, output, print);
  } catch (error) {
    if (error instanceof ConfigError) print(`sandbox: ${error.message}`);
    else print(`sandbox: ${app ? "" : "start-up failed: "}${oneLine(error)}`);
    return 1;
  } finally {
    await app?.stop().catch((error: unknown) => print(`sandbox: stopping Warden failed: ${oneLine(error)}`));
    await sim.close();
    await new Promise<void>((resolve) => (logFile ? logFile.end(resolve) : resolve()));
  }
}

/** Echoes each line as `> line`, then its output; blank lines and `#` comments are skipped. */
async function runScript(
  script: string,
  session: SandboxSession,
  print: (line: string) => void,
): Promise<number> {
  const failed: number[] = [];
  for (const [index, raw] of script.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    print(`> ${line}`);
    const result = await session.run(line);
    if (result === "failed") failed.push(index + 1);
    if (result === "quit") break;
  }
  if (failed.length === 0) return 0;
  const where = `${failed.length === 1 ? "line" : "lines"} ${failed.join(", ")}`;
  print(`sandbox: ${failed.length} of the script's commands failed (${where})`);
  return 1;
}

function readScript(script: SandboxOptions["script"]): string | undefined {
  if (script === undefined) return undefined;
  return typeof script === "string" ? readFileSync(script, "utf8") : script.text;
}

/** The log file in DATA_DIR, unless LOG_LEVEL is silent. */
function openLog(config: Config): WriteStream | undefined {
  if (config.LOG_LEVEL === "silent") return undefined;
  mkdirSync(config.dataDir, { recursive: true });
  return createWriteStream(path.join(config.dataDir, "sandbox.log"), { flags: "a" });
}

function startingLine(config: Config): string {
  const database = config.DATABASE_URL
    ? "the database in DATABASE_URL"
    : `embedded PostgreSQL in ${shortPath(config.dataDir)}`;
  return `starting Warden against the Discord simulator and ${database}…`;
}

/** Relative to the working directory when it is inside it, else absolute. */
function shortPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
