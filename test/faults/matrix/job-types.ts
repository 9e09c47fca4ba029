import type { DiscordFaultName, DiscordRoute } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import type { StatementStepName } from "./statement-faults";

/** Where one guild's work stands: settled as asked, settled with a recorded refusal, or still to do. */
export type JobState = "done" | "refused" | "waiting";

export type JobFault =
  | { kind: "discord"; fault: DiscordFaultName }
  | { kind: "statement"; step: StatementStepName }
  | { kind: "outage"; during: boolean };

/** One guild's share of a job, made due once its fault is armed. */
export interface JobWork {
  /** The Discord request the job makes for this guild. */
  route?: DiscordRoute;
  /** What a statement step's scope column holds; default the guild's id. */
  scope?: string;
  fallDue(): Promise<void>;
  /** A JobState, or a description of what is wrong (twice done, half done). */
  state(): Promise<string>;
}

/** A background job (a scheduled task, or work a gateway event starts): one row of the job matrix. */
export interface JobRow {
  name: string;
  /** The scheduled task that does the work; null when a gateway event starts it. */
  task: string | null;
  /** Whether the job's work is per guild (else one combo at a time, and no other guild to compare). */
  perGuild: boolean;
  /** The faults tried, each in a guild of its own, and what the first run leaves there. */
  faults: ReadonlyArray<{ fault: JobFault; first: JobState }>;
  prepare(world: FaultWorld, where: WorldGuild): Promise<JobWork>;
  /** Makes retries and leases due, as time passing would. */
  due?(world: FaultWorld, guildIds: readonly string[]): Promise<void>;
}

export const discord = (fault: DiscordFaultName, first: JobState) => ({
  fault: { kind: "discord", fault } as const,
  first,
});
export const statement = (step: StatementStepName, first: JobState) => ({
  fault: { kind: "statement", step } as const,
  first,
});
export const OUTAGES = [
  { fault: { kind: "outage", during: false } as const, first: "waiting" as const },
  { fault: { kind: "outage", during: true } as const, first: "waiting" as const },
];
export const OUTAGE_ON_ARRIVAL = OUTAGES.slice(0, 1);
