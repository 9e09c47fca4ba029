import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** A child process whose stdout lines can be awaited and whose exit can be awaited with a bound. */
export class ChildRun {
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stdoutTail = "";
  private stderrTail = "";
  private readonly watchers: Array<{ needle: string; resolve: () => void }> = [];

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    // BENCH_CHILD_LOG_DIR keeps each child's whole output (<dir>/<pid>.log), to read after a failed suite.
    const logDir = process.env.BENCH_CHILD_LOG_DIR;
    if (logDir && this.child.pid !== undefined) {
      const log = createWriteStream(path.join(logDir, `${this.child.pid}.log`));
      this.child.stdout?.pipe(log, { end: false });
      this.child.stderr?.pipe(log, { end: false });
      void this.exited.then(() => log.end());
    }
    let partial = "";
    this.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) this.line(line);
    });
    this.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4000);
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error("the child process did not start");
    return this.child.pid;
  }

  /** The last output, for error messages. */
  get tail(): string {
    return `stdout: ${this.stdoutTail.slice(-2000)}\nstderr: ${this.stderrTail.slice(-2000)}`;
  }

  /** Resolves when a stdout line contains `needle`; rejects if the child exits first or after `timeoutMs`. */
  async waitForLine(needle: string, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const seen = new Promise<void>((resolve) => this.watchers.push({ needle, resolve }));
    const failed = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no "${needle}" within ${timeoutMs} ms\n${this.tail}`)),
        timeoutMs,
      );
      void this.exited.then(({ code, signal }) =>
        reject(new Error(`exited (code ${code}, signal ${signal}) before "${needle}"\n${this.tail}`)),
      );
    });
    failed.catch(() => undefined);
    try {
      await Promise.race([seen, failed]);
    } finally {
      clearTimeout(timer);
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends `signal` and waits for the exit; SIGKILLs and throws when it takes longer than `timeoutMs`. */
  async stop(signal: NodeJS.Signals, timeoutMs: number): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === "late") {
      this.child.kill("SIGKILL");
      await this.exited;
      throw new Error(`did not exit within ${timeoutMs} ms of ${signal}\n${this.tail}`);
    }
    return outcome.code;
  }

  private line(line: string): void {
    this.stdoutTail = `${this.stdoutTail}${line}\n`.slice(-4000);
    for (const watcher of [...this.watchers]) {
      if (!line.includes(watcher.needle)) continue;
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  }
}

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM, …), in MiB. */
export async function procStatusMb(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
  if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) / 1024;
}
