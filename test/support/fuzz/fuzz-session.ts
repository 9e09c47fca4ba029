import { seededRandom } from "../../../bench/lib/random";
import { DiscordSimulator } from "../../../simulator";
import { eventually } from "../eventually";
import { BotChild } from "./bot-child";
import { fuzzIntegrity, type IntegrityReport } from "./fuzz-checks";
import { setUpFuzzGuild } from "./fuzz-setup";
import { buildFuzzWorld, type FuzzWorld } from "./fuzz-world";
import { runFuzz, type FuzzTally } from "./fuzz-runner";
import { InteractionGenerator, type PressableMessage } from "./interaction-generator";
import { fuzzSurface, type FuzzSurface } from "./surface";

const READY_TIMEOUT_MS = 90_000;
/** Kicked members come back after this many interactions. */
const REJOIN_EVERY = 100;
/** A member posts a (hostile) message between interactions this often. */
const MESSAGE_EVERY = 5;

export interface FuzzSessionOptions {
  /** Node arguments that start Warden (`dist/src/main.js`, or `-r swc-register src/main.ts`). */
  botArgs: readonly string[];
  cwd: string;
  /** A fresh, empty or migrated database of the run's own. */
  databaseUrl: string;
  /** DATA_DIR of the bot (where `/db backup` writes). */
  dataDir: string;
  log?: (line: string) => void;
}

/**
 * The fuzz run's moving parts: the simulator with its guild, Warden as a child process on its own
 * database (owners: the guild's owner), the set-up that gives buttons to press, the run, the checks after.
 */
export class FuzzSession {
  private pressable: PressableMessage[] = [];
  /** Messages members posted during the run. */
  posted = 0;

  private constructor(
    readonly sim: DiscordSimulator,
    readonly world: FuzzWorld,
    readonly surface: FuzzSurface,
    readonly bot: BotChild,
    private readonly options: FuzzSessionOptions,
  ) {}

  static async start(options: FuzzSessionOptions): Promise<FuzzSession> {
    const surface = fuzzSurface();
    const sim = await DiscordSimulator.start();
    const world = buildFuzzWorld(sim);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "",
      TMPDIR: process.env.TMPDIR ?? "/tmp",
      DISCORD_TOKEN: sim.token,
      DISCORD_API_URL: sim.apiUrl,
      DISCORD_CDN_URL: sim.cdnUrl,
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
      OWNER_IDS: world.invokers.owner,
      LOG_LEVEL: "info",
      HEALTH_ENABLED: "false",
    };
    const bot = new BotChild(options.botArgs, env, options.cwd);
    const session = new FuzzSession(sim, world, surface, bot, options);
    try {
      await bot.waitFor("Warden is running", READY_TIMEOUT_MS);
      const registered = () => new Set(sim.registeredCommands().map((command) => command.name));
      await eventually(
        () => surface.commandNames.every((name) => registered().has(name)),
        READY_TIMEOUT_MS,
        "every command of the cogs to be registered",
      );
      session.pressable = await setUpFuzzGuild(sim, world);
    } catch (error) {
      await session.stop();
      throw error;
    }
    return session;
  }

  async run(seed: number, count: number, rate: number): Promise<FuzzTally> {
    const generator = new InteractionGenerator(
      this.surface,
      this.world,
      this.sim.botUser.id,
      seededRandom(seed),
      this.pressable,
    );
    return runFuzz(this.sim, generator, {
      seed,
      count,
      rate,
      before: (index) => {
        if (index % REJOIN_EVERY === 0) this.world.rejoin();
        if (index % MESSAGE_EVERY === 0) this.post(generator.message());
        if (index > 0 && index % 1000 === 0) this.options.log?.(`fuzz: ${index}/${count} sent`);
      },
    });
  }

  private post(message: { channelId: string; userId: string; content: string }): void {
    if (!this.world.guild.members.has(message.userId)) return; // kicked or banned meanwhile
    this.sim.postMessage(message);
    this.posted += 1;
  }

  /** `/db integrity` as the owner, plus case numbering and no case left pending. */
  integrity(): Promise<IntegrityReport> {
    return fuzzIntegrity(this.sim, this.world, this.options.databaseUrl);
  }

  /** Stops the bot (SIGTERM) and the simulator; resolves with the bot's exit code. */
  async stop(): Promise<number | null> {
    const code = await this.bot.stop();
    await this.sim.close();
    return code;
  }
}
