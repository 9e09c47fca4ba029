import { progress, type Reporter } from "./output";

export type Suite<C> = readonly [name: string, run: (context: C, report: Reporter) => Promise<void>];

/**
 * Runs the suites in turn (those named in `only`, when given). One that throws becomes a
 * `bench.suite_failed` line with its error and the next one still runs: a busy machine that trips one
 * suite must not cost the measurements of all the others. Resolves with the names of those that failed.
 */
export async function runSuites<C>(
  suites: ReadonlyArray<Suite<C>>,
  context: C,
  report: Reporter,
  only?: readonly string[],
): Promise<string[]> {
  const failed: string[] = [];
  for (const [name, suite] of suites) {
    if (only && !only.includes(name)) continue;
    progress(`suite ${name}`);
    try {
      await suite(context, report);
    } catch (error) {
      failed.push(name);
      reportFailure(report, name, error);
    }
  }
  return failed;
}

/** A failure is a line of the results too (`bench.suite_failed`, detail `<suite>: <error>`); the stack goes to stderr. */
export function reportFailure(report: Reporter, suite: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  progress(`suite ${suite} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
  report.emit("bench.suite_failed", 1, "count", `${suite}: ${message}`);
}
