import { parsePrometheusText } from "../../test/support/prometheus-text";

const POOL_GAUGE = "warden_db_pool_connections";

/** One process's database pool, as its /metrics said at one moment. */
export interface PoolSample {
  waiting: number;
  inUse: number;
}

/** What a sampler saw of one process's pool over its run. */
export interface PoolTally {
  samples: number;
  /** Samples with at least one client waiting for a connection. */
  withWaiting: number;
  maxWaiting: number;
  maxInUse: number;
  /** Scrapes that failed or came too late to count (the process was too busy to answer in time). */
  missed: number;
  /** The seconds since the sampler started in which a sample had a client waiting. */
  waitingSeconds: Set<number>;
}

/** Reads `warden_db_pool_connections` from a Warden's /metrics. */
export async function readPool(metricsUrl: string, timeoutMs: number): Promise<PoolSample> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  const gauge = parsePrometheusText(await response.text()).filter((sample) => sample.name === POOL_GAUGE);
  const state = (name: string): number => {
    const sample = gauge.find((candidate) => candidate.labels.state === name);
    if (!sample) throw new Error(`${metricsUrl} has no ${POOL_GAUGE}{state="${name}"}`);
    return sample.value;
  };
  return { waiting: state("waiting"), inUse: state("in_use") };
}

/**
 * Scrapes a process's pool gauge every `everyMs` until stopped; a scrape still running when the next is due
 * is not doubled up (the next one starts when it ends), so a busy process is sampled less, never queued.
 */
export class PoolSampler {
  readonly tally: PoolTally = {
    samples: 0,
    withWaiting: 0,
    maxWaiting: 0,
    maxInUse: 0,
    missed: 0,
    waitingSeconds: new Set(),
  };
  private readonly startedAt = performance.now();
  private running = true;
  private readonly done: Promise<void>;

  constructor(
    private readonly metricsUrl: string,
    private readonly everyMs = 100,
  ) {
    this.done = this.loop();
  }

  async stop(): Promise<PoolTally> {
    this.running = false;
    await this.done;
    return this.tally;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      try {
        this.add(await readPool(this.metricsUrl, 1_000));
      } catch {
        this.tally.missed += 1;
      }
      const wait = Math.max(0, this.everyMs - (performance.now() - started));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private add(sample: PoolSample): void {
    this.tally.samples += 1;
    if (sample.waiting > 0) {
      this.tally.withWaiting += 1;
      this.tally.waitingSeconds.add(Math.floor((performance.now() - this.startedAt) / 1_000));
    }
    this.tally.maxWaiting = Math.max(this.tally.maxWaiting, sample.waiting);
    this.tally.maxInUse = Math.max(this.tally.maxInUse, sample.inUse);
  }
}

/** How many interactions of `command` a Warden finished (any outcome), from its /metrics. */
export function interactionsFinished(metricsUrl: string, command: string): Promise<number> {
  return counterSum(metricsUrl, "warden_interactions_total", (labels) => labels.command === command);
}

/** How many database connections a Warden's pools have tried to open since it started, from its /metrics. */
export function connectionsOpened(metricsUrl: string): Promise<number> {
  return counterSum(metricsUrl, "warden_db_connections_opened_total", () => true);
}

async function counterSum(
  metricsUrl: string,
  name: string,
  counts: (labels: Readonly<Record<string, string>>) => boolean,
): Promise<number> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  return parsePrometheusText(await response.text())
    .filter((sample) => sample.name === name && counts(sample.labels))
    .reduce((sum, sample) => sum + sample.value, 0);
}
