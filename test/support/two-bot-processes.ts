import { DiscordSimulator, type InteractionHandle, type SimMessage } from "../../simulator";
import { eventually } from "./eventually";
import { MainProcess } from "./main-process";
import { createDatabase, dropDatabase } from "./test-database";
import { queryOnce } from "./query-once";

/** Long enough for any reply a bot still sends; the simulator's close() ends these waits. */
const UNTIL_THE_SIMULATOR_CLOSES = 2 ** 31 - 1;

// How long a burst takes depends on the machine's load; `paced()` notices a stall on its own, so jest's
// per-test timeout is only the last resort against a hang for the files that use two bot processes.
jest.setTimeout(10 * 60_000);

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
      DISCORD_CDN_URL: this.sim.cdnUrl,
      DATABASE_URL: this.databaseUrl,
      LOG_LEVEL: "debug",
      // These files prove invariants across processes, not the defer margin (late-delivery does that). The
      // suite's machine runs other files beside them: in CI a 500-/warn burst saw eight defers pass Discord's
      // 3 s with the default 2 s, the process over a second behind. An operator on a loaded host does the same.
      INTERACTION_DEFER_MS: "1000",
    };
    this.processes.push(new MainProcess(env), new MainProcess(env));
    await this.sim.waitForShards(2, 60_000);
    const registered = () => new Set(this.sim.registeredCommands().map((command) => command.name));
    await eventually(() => commands.every((name) => registered().has(name)), 30_000, commands.join(", "));
  }

  /**
   * Sends `count` interactions ten every 50 ms (members at full tilt) and resolves with every answer.
   * Discord's deadline is the simulator's to enforce (answered or deferred within 3 s, else 10062); after a
   * defer, the final reply takes as long as the load makes it. So this fails only when replies stop coming
   * (none for `stallMs`): a fixed total would measure the machine, not the bot.
   */
  async paced(
    count: number,
    send: (index: number) => InteractionHandle,
    stallMs = 30_000,
  ): Promise<SimMessage[]> {
    const handles: InteractionHandle[] = [];
    for (let index = 0; index < count; index += 1) {
      handles.push(send(index));
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.allReplies(handles, stallMs);
  }

  private async allReplies(handles: InteractionHandle[], stallMs: number): Promise<SimMessage[]> {
    const replies: SimMessage[] = [];
    let answered = 0;
    let lastAnswer = Date.now();
    for (const [index, handle] of handles.entries()) {
      // What the member sees: a refusal after a public defer replaces the "thinking…" message with a
      // private follow-up, which `reply()` (the original message only) would wait for forever.
      handle.answer(UNTIL_THE_SIMULATOR_CLOSES).then(
        (reply) => {
          replies[index] = reply;
          answered += 1;
          lastAnswer = Date.now();
        },
        () => undefined, // the simulator closed first: reported below
      );
    }
    await eventually(
      () => answered === handles.length || Date.now() - lastAnswer > stallMs,
      Number.POSITIVE_INFINITY,
    );
    if (answered === handles.length) return replies;
    const waiting = handles.filter((_, index) => replies[index] === undefined);
    const neverAcknowledged = waiting.filter((handle) => !handle.deferred);
    const sessions = await this.databaseSessions().catch((error: unknown) => [
      `(unreadable: ${String(error)})`,
    ]);
    throw new Error(
      `${waiting.length} of ${handles.length} interactions got no reply (none came for ${stallMs} ms): ` +
        `${neverAcknowledged.length} were never acknowledged (too late for Discord's 3 s, or never reached ` +
        `a bot), ${waiting.length - neverAcknowledged.length} were deferred and never completed; ` +
        `first: ${waiting[0]?.id ?? "-"}. The bots logged:\n${this.problems()
          .filter((line) => !line.includes('"msg":"slow query"'))
          .slice(0, 10)
          .join("\n")}\nThe lines naming ${waiting[0]?.id ?? "-"}:\n${this.linesAbout(waiting[0]?.id)
          .slice(0, 20)
          .join("\n")}\nThe database's sessions then:\n${sessions.join("\n")}`,
    );
  }

  /** Every process's log lines naming `id`, each prefixed with the process's index. */
  private linesAbout(id: string | undefined): string[] {
    if (id === undefined) return [];
    return this.processes.flatMap((main, index) =>
      main.stdout
        .split("\n")
        .filter((line) => line.includes(id))
        .map((line) => `[bot ${index}] ${line.slice(0, 600)}`),
    );
  }

  /** What every connection to the test database was doing: to tell a lock wait from a stuck client. */
  private async databaseSessions(): Promise<string[]> {
    const rows = await this.query<{ line: string }>(
      `SELECT concat_ws(' | ', pid, application_name, state, wait_event_type, wait_event,
                round(extract(epoch FROM now() - xact_start)::numeric, 1) || ' s in transaction',
                'blocked by ' || nullif(pg_blocking_pids(pid)::text, '{}'), left(query, 160)) AS line
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
        ORDER BY xact_start NULLS LAST`,
    );
    return rows.map((row) => row.line);
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

  query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return queryOnce<R>(this.databaseUrl, sql, params);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((main) => main.stop()));
    await this.sim.close();
    await dropDatabase(this.databaseName);
  }
}
