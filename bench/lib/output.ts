import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { significant } from "./stats";

export type Unit = "ratio" | "ms" | "us" | "ops/s" | "rows/s" | "MB" | "count";

export interface Metric {
  metric: string;
  value: number;
  unit: Unit;
  detail: string;
}

/** Prints one JSON object per line on stdout and appends the same line to the results file as it goes. */
export class Reporter {
  readonly metrics: Metric[] = [];

  constructor(
    private readonly file: string,
    private readonly out: { write(line: string): unknown } = process.stdout,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "");
  }

  emit(metric: string, value: number, unit: Unit, detail: string): void {
    const entry: Metric = { metric, value: significant(value), unit, detail };
    const line = JSON.stringify(entry);
    this.metrics.push(entry);
    this.out.write(`${line}\n`);
    appendFileSync(this.file, `${line}\n`);
  }
}

/** Progress for humans goes to stderr, so stdout stays pure JSON lines. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
