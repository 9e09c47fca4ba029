import { spawn, type ChildProcess } from "node:child_process";
import { eventually } from "../eventually";

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

const KEPT_LINES = 5_000;
const TAIL_LINES = 20_000;
const WARN = 40;

/** Lines that mean a promise was left to reject (or throw) with nobody to handle it. */
export function isUnhandled(line: LogLine): boolean {
  return (
    line.source === "unhandledRejection" ||
    line.source === "uncaughtException" ||
    line.msg === "unhandled promise rejection" ||
    line.msg === "uncaught exception"
  );
}

/** `msg: ErrorType code message` of a log line, for reports. */
export function describeLine(line: LogLine): string {
  const err = line.err;
  if (typeof err !== "object" || err === null)
    return `${String(line.msg)}${err === undefined ? "" : `: ${String(err)}`}`;
  const { type, message, code } = err as { type?: unknown; message?: unknown; code?: unknown };
  const parts = [type, code, message].filter((part) => part !== undefined).map(String);
  return `${String(line.msg)}: ${parts.join(" ")}`;
}

/**
 * Warden as a child process (`node dist/src/main.js`, or `src/main.ts` through the test's swc hook), its
 * JSON log read line by line: every message counted, warnings and errors kept for the report.
 */
export class BotChild {
  readonly child: ChildProcess;
  readonly counts = new Map<string, number>();
  readonly warnings: LogLine[] = [];
  /** The newest raw log lines, every level: written out when a scenario fails, to see what the bot did. */
  readonly tail: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr = "";
  private partial = "";

  constructor(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string) {
    this.child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    this.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (this.partial + chunk).split("\n");
      this.partial = lines.pop() ?? "";
      for (const line of lines) this.read(line);
    });
    this.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  count(msg: string): number {
    return this.counts.get(msg) ?? 0;
  }

  /** Waits until `msg` has been logged `times` times; fails at once if the process exits first. */
  async waitFor(msg: string, timeoutMs: number, times = 1): Promise<void> {
    await eventually(
      () => {
        if (!this.running) throw new Error(`the bot exited before "${msg}":\n${this.stderr.slice(-2000)}`);
        return this.count(msg) >= times;
      },
      timeoutMs,
      `${times} × "${msg}"`,
    );
  }

  unhandled(): LogLine[] {
    return this.warnings.filter(isUnhandled);
  }

  /** Errors logged with an incident id (each one a reply that said "something went wrong"). */
  incidents(): LogLine[] {
    return this.warnings.filter((line) => typeof line.incidentId === "string");
  }

  /** SIGTERM (SIGKILL after `timeoutMs`); resolves with the exit code. */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    if (this.running) this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    const { code } = await this.exited;
    clearTimeout(timer);
    return code;
  }

  private read(text: string): void {
    if (text.trim() === "") return;
    this.tail.push(text);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text, level: WARN, unparsed: true };
    }
    const msg = typeof line.msg === "string" ? line.msg : "";
    this.counts.set(msg, (this.counts.get(msg) ?? 0) + 1);
    if ((line.level ?? 0) >= WARN || isUnhandled(line)) {
      this.warnings.push(line);
      if (this.warnings.length > KEPT_LINES) this.warnings.shift();
    }
  }
}
