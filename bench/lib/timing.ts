/** Timing primitives. Both sides of a comparison always run in the same process, alternating. */

export type Call = (index: number) => Promise<unknown>;

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export interface LatencyOptions {
  warmup: number;
  rounds: number;
  perRound: number;
}

/**
 * Per-call latencies of two contenders, run in alternating blocks (A then B, then B then A, …) so that
 * drift on a noisy machine hits both sides alike. Returns [a, b], each `rounds * perRound` samples.
 */
export async function compareLatencies(
  a: Call,
  b: Call,
  options: LatencyOptions,
): Promise<[number[], number[]]> {
  for (let i = 0; i < options.warmup; i += 1) {
    await a(i);
    await b(i);
  }
  const samples: [number[], number[]] = [[], []];
  const sides: Array<[Call, number[]]> = [
    [a, samples[0]],
    [b, samples[1]],
  ];
  let index = 0;
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const [call, into] of order) {
      for (let i = 0; i < options.perRound; i += 1) {
        const started = performance.now();
        await call(index + i);
        into.push(performance.now() - started);
      }
    }
    index += options.perRound;
  }
  return samples;
}

export interface Trial {
  /** Untimed set-up before each timed run (truncate, vacuum, checkpoint, …). */
  prepare?: (trial: number) => Promise<void>;
  run: (trial: number) => Promise<unknown>;
}

/** Whole-operation timings of two contenders: `warmup` untimed runs each, then `trials` alternating runs. */
export async function compareTrials(
  a: Trial,
  b: Trial,
  options: { warmup: number; trials: number },
): Promise<[number[], number[]]> {
  let counter = 0;
  const once = async (trial: Trial): Promise<number> => {
    counter += 1;
    await trial.prepare?.(counter);
    return timed(() => trial.run(counter));
  };
  for (let i = 0; i < options.warmup; i += 1) {
    await once(a);
    await once(b);
  }
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < options.trials; i += 1) {
    if (i % 2 === 0) {
      samples[0].push(await once(a));
      samples[1].push(await once(b));
    } else {
      samples[1].push(await once(b));
      samples[0].push(await once(a));
    }
  }
  return samples;
}
