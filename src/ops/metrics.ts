import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { BackgroundFailure } from "../bot/incidents";
import type { TaskRun } from "../bot/scheduler-events";
import type { FinishedInteraction } from "../bot/interactions/interaction-events";
import type { BufferDrop } from "../buffers/buffer-events";
import type { ReplicaRouting } from "../database/read-replicas";
import type { ConnectionsTried, PoolCounts } from "../database/database-service";

const QUERY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
const LATENCY_BUCKETS_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Warden's Prometheus metrics, on a registry of their own: several apps can share a process (tests, the
 * sandbox) and the global default registry would mix their series or refuse duplicate names.
 */
export class WardenMetrics {
  readonly registry = new Registry();
  private readonly interactionSeconds = new Histogram({
    name: "warden_interaction_duration_seconds",
    help: "Time from receiving an interaction to finishing its answer, by command",
    labelNames: ["command"] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly interactionOutcomes = new Counter({
    name: "warden_interactions_total",
    help: "Interactions finished, by command and outcome (ok, refused, error)",
    labelNames: ["command", "outcome"] as const,
    registers: [this.registry],
  });
  /** Each command's series, looked up once: prom-client hashes the label values on every call otherwise. */
  private readonly interactionSeries = new Map<
    string,
    { seconds: Histogram.Internal<"command">; outcomes: Map<string, Counter.Internal> }
  >();
  private readonly querySeconds = new Histogram({
    name: "warden_db_query_duration_seconds",
    help: "Database statement durations, by whether they succeeded",
    labelNames: ["success"] as const,
    buckets: QUERY_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly rateLimits = new Counter({
    name: "warden_rest_rate_limited_total",
    help: "Discord REST requests that hit a rate limit, by route",
    labelNames: ["route", "global"] as const,
    registers: [this.registry],
  });

  private readonly bufferDrops = new Counter({
    name: "warden_buffer_dropped_total",
    help: "Buffered items dropped unwritten, by buffer and reason (overflow: full in an outage; rejected: refused row)",
    labelNames: ["buffer", "reason"] as const,
    registers: [this.registry],
  });

  private readonly backgroundFailures = new Counter({
    name: "warden_background_failures_total",
    help: "Failures of work nobody awaited (listeners, tasks, retries), by source and kind (outage, incident)",
    labelNames: ["source", "kind"] as const,
    registers: [this.registry],
  });

  private readonly replicaReads = new Counter({
    name: "warden_replica_reads_total",
    help: "Heavy reads (statistics, rankings, exports, dashboard lists) by where they went (replica, primary; one that lost its replica midway counts again as primary)",
    labelNames: ["served_by"] as const,
    registers: [this.registry],
  });

  private readonly replicaSkips = new Counter({
    name: "warden_replica_skips_total",
    help: "Heavy reads sent to the primary instead of a replica, by replica and reason (down, lagging, not_standby, read_your_writes)",
    labelNames: ["replica", "reason"] as const,
    registers: [this.registry],
  });

  private readonly schedulerLagSeconds = new Histogram({
    name: "warden_scheduler_lag_seconds",
    help: "How late scheduled tasks started against when they were due, by task",
    labelNames: ["task"] as const,
    buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  constructor(poolCounts: () => PoolCounts | undefined, connectionsTried: () => ConnectionsTried) {
    new Gauge({
      name: "warden_db_pool_connections",
      help: "Database pool connections by state (in_use, idle, waiting clients)",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        const counts = poolCounts();
        this.reset();
        if (!counts) return;
        this.set({ state: "in_use" }, counts.inUse);
        this.set({ state: "idle" }, counts.idle);
        this.set({ state: "waiting" }, counts.waiting);
      },
    });
    new Counter({
      name: "warden_db_connections_opened_total",
      help: "Connections the pools tried to open, by pool (primary, replica); a rise under steady load is churn, and each new connection costs the server CPU",
      labelNames: ["pool"] as const,
      registers: [this.registry],
      collect() {
        const tried = connectionsTried();
        this.reset();
        this.inc({ pool: "primary" }, tried.primary);
        this.inc({ pool: "replica" }, tried.replica);
      },
    });
  }

  observeInteraction(interaction: FinishedInteraction): void {
    const { command, outcome } = interaction;
    let series = this.interactionSeries.get(command);
    if (!series) {
      series = {
        seconds: this.interactionSeconds.labels({ command }),
        outcomes: new Map(),
      };
      this.interactionSeries.set(command, series);
    }
    series.seconds.observe(interaction.latencyMs / 1000);
    let outcomes = series.outcomes.get(outcome);
    if (!outcomes) {
      outcomes = this.interactionOutcomes.labels({ command, outcome });
      series.outcomes.set(outcome, outcomes);
    }
    outcomes.inc();
  }

  observeQuery(milliseconds: number, success: boolean): void {
    this.querySeconds.observe({ success: String(success) }, milliseconds / 1000);
  }

  observeTaskRun(run: TaskRun): void {
    this.schedulerLagSeconds.observe({ task: run.task }, run.lagMs / 1000);
  }

  countBackgroundFailure(failure: BackgroundFailure): void {
    this.backgroundFailures.inc({ source: failure.source, kind: failure.kind });
  }

  countBufferDrop(drop: BufferDrop): void {
    this.bufferDrops.inc({ buffer: drop.buffer, reason: drop.reason }, drop.count);
  }

  countReplicaRouting(routing: ReplicaRouting): void {
    this.replicaReads.inc({ served_by: routing.servedBy });
    if (routing.reason) this.replicaSkips.inc({ replica: routing.replica ?? "", reason: routing.reason });
  }

  countRateLimit(route: string, global: boolean): void {
    this.rateLimits.inc({ route, global: String(global) });
  }

  /** Every series carries the shards this process serves ("0,1"), so several processes' series stay apart. */
  labelShards(shards: readonly number[] | null): void {
    this.registry.setDefaultLabels({ shards: shards ? shards.join(",") : "auto" });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
