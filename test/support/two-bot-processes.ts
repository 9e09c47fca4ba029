import { Client } from "pg";
import { DiscordSimulator, type InteractionHandle } from "./discord-simulator";
import { eventually } from "./eventually";
import { MainProcess } from "./main-process";
import { createDatabase, dropDatabase } from "./test-database";

/**
 * Two `src/main.ts` processes on one fresh database, both serving the same guilds: the simulator hands a
 * guild's interactions to each in turn, so invariants are tested across processes, not just connections.
 */
export class TwoBotProcesses {
  readonly processes: MainProcess[] = [];

  private constructor(
    readonly sim: DiscordSimulator,
    readonly databaseUrl: string,
    private readonly databaseName: string,
  ) {}

  static async create(databaseName: string): Promise<TwoBotProcesses> {
    const sim = await DiscordSimulator.start({ interactionRouting: "round-robin" });
    return new TwoBotProcesses(sim, await createDatabase(databaseName, { migrated: true }), databaseName);
  }

  /** Starts both processes and waits until both are connected and `commands` are registered. */
  async launch(commands: readonly string[]): Promise<void> {
    const env = {
      DISCORD_TOKEN: this.sim.token,
      DISCORD_API_URL: this.sim.apiUrl,
      DATABASE_URL: this.databaseUrl,
      LOG_LEVEL: "debug",
    };
    this.processes.push(new MainProcess(env), new MainProcess(env));
    await this.sim.waitForShards(2, 60_000);
    const registered = () => new Set(this.sim.registeredCommands().map((command) => command.name));
    await eventually(() => commands.every((name) => registered().has(name)), 30_000, commands.join(", "));
  }

  /** Sends `count` interactions ten every 50 ms (members at full tilt) and resolves with every reply. */
  async paced(count: number, send: (index: number) => InteractionHandle) {
    const handles: InteractionHandle[] = [];
    for (let index = 0; index < count; index += 1) {
      handles.push(send(index));
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Promise.all(handles.map((handle) => handle.reply(15_000)));
  }

  /** How many interactions each process received (from their debug logs). */
  handled(): number[] {
    return this.processes.map((main) => main.count("interaction received"));
  }

  /** Error and warning lines the processes logged, to explain an unexpected reply. */
  problems(): string[] {
    return this.processes.flatMap((main) =>
      main.stdout.split("\n").filter((line) => /"level":[45]0/.test(line)),
    );
  }

  async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    for (const main of this.processes) {
      main.child.kill("SIGTERM");
      await main.exited;
    }
    await this.sim.close();
    await dropDatabase(this.databaseName);
  }
}
