import type { DiscordSimulator, InteractionHandle, SimMessage } from "../../simulator";
import { MainProcess } from "./main-process";
import { queryOnce } from "./query-once";

/** Discord's formula: which shard a guild's events go to. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** One `src/main.ts` process running the shards `shardIds` (a SHARD_IDS value). */
export interface ShardProcess {
  readonly shardIds: string;
  readonly main: MainProcess;
}

/**
 * `src/main.ts` processes, one per shard group, on one database and one simulator, as an orchestrator runs
 * them: each with SHARD_COUNT and its own SHARD_IDS.
 */
export class ShardProcesses {
  /** Every process started, stopped ones included (their logs still tell who answered what). */
  readonly all: ShardProcess[] = [];

  constructor(
    private readonly sim: DiscordSimulator,
    private readonly databaseUrl: string,
    private readonly shardCount: number,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  /** Starts a process now (no waiting): several calls in one tick start them at the same instant. */
  start(shardIds: string): ShardProcess {
    const main = new MainProcess({
      DISCORD_TOKEN: this.sim.token,
      DISCORD_API_URL: this.sim.apiUrl,
      DISCORD_CDN_URL: this.sim.cdnUrl,
      DATABASE_URL: this.databaseUrl,
      SHARD_COUNT: String(this.shardCount),
      SHARD_IDS: shardIds,
      LOG_LEVEL: "debug",
      // As in TwoBotProcesses: several processes on two cores beside other test files can run a second
      // behind, and these files are about shards, not the defer margin (late-delivery tests that).
      INTERACTION_DEFER_MS: "1000",
      ...this.extraEnv,
    });
    const started = { shardIds, main };
    this.all.push(started);
    return started;
  }

  /** Resolves when the process logged that it runs (database migrated, client ready, tasks scheduled). */
  async ready(process: ShardProcess, timeoutMs = 120_000): Promise<void> {
    const exited = process.main.exited.then((code) => {
      throw new Error(
        `the process for shards ${process.shardIds} exited (${String(code)}) before it was ready:\n` +
          `${process.main.stderr}\n${this.problems(process).join("\n")}`,
      );
    });
    await Promise.race([process.main.waitForLog("Warden is running", 1, timeoutMs), exited]);
  }

  /** The processes whose logs show they received interaction `id`. */
  receivers(id: string): ShardProcess[] {
    return this.all.filter((process) =>
      process.main.stdout
        .split("\n")
        .some((line) => line.includes('"msg":"interaction received"') && line.includes(`"${id}"`)),
    );
  }

  /** Each process's structured log lines with a given message, parsed. */
  logged(process: ShardProcess, message: string): Array<Record<string, unknown>> {
    return process.main.stdout
      .split("\n")
      .filter((line) => line.includes(`"msg":"${message}"`))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Error and warning lines, to explain a failure (slow queries aside: four processes share two cores). */
  problems(process?: ShardProcess): string[] {
    return (process ? [process] : this.all).flatMap((one) =>
      one.main.stdout
        .split("\n")
        .filter((line) => /"level":[456]0/.test(line) && !line.includes('"msg":"slow query"')),
    );
  }

  /** Error and fatal lines only: an incident, never a transient the process recovers from by itself. */
  errors(): string[] {
    return this.problems().filter((line) => /"level":[56]0/.test(line));
  }

  /**
   * Every handle's answer (`answer()`: the reply, or the follow-up after a deleted "thinking…"); when one never
   * comes, the error says who received it and what the processes logged.
   */
  answers(handles: readonly InteractionHandle[], timeoutMs: number): Promise<SimMessage[]> {
    return this.explained(handles, (handle) => handle.answer(timeoutMs));
  }

  private async explained(
    handles: readonly InteractionHandle[],
    wait: (handle: InteractionHandle) => Promise<SimMessage>,
  ): Promise<SimMessage[]> {
    return Promise.all(
      handles.map((handle) =>
        wait(handle).catch((error: unknown) => {
          const receivers = this.receivers(handle.id).map((one) => one.shardIds);
          throw new Error(
            `${error instanceof Error ? error.message : String(error)}; received by shard process(es) ` +
              `[${receivers.join(", ")}]; acknowledged: ${String(handle.deferred)}; its lines:\n` +
              this.linesAbout(handle.id).join("\n") +
              "\nproblems logged:\n" +
              this.problems().slice(0, 10).join("\n"),
          );
        }),
      ),
    );
  }

  /** Every process's log lines that name `id`, each prefixed with the process's shard ids and pid. */
  private linesAbout(id: string): string[] {
    return this.all.flatMap((one) =>
      one.main.stdout
        .split("\n")
        .filter((line) => line.includes(id))
        .map((line) => `[shards ${one.shardIds}] ${line.slice(0, 400)}`),
    );
  }

  /** How many interaction callbacks (first answers) the simulator received for each interaction. */
  callbacksPer(handles: readonly InteractionHandle[]): number[] {
    const callbacks = this.sim.requests.filter("POST", "/interactions/:id/:token/callback");
    return handles.map((handle) => callbacks.filter((request) => request.path.includes(handle.id)).length);
  }

  query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return queryOnce<R>(this.databaseUrl, sql, params);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.map((process) => process.main.stop()));
  }
}
