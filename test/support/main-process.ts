import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { eventually } from "./eventually";
import { directUrlEnv } from "./pooler-routes";
import { runScratchDir } from "./test-run";

const root = path.resolve(__dirname, "..", "..");

/** Every child a test file started and has not seen exit: stopped after the file, whatever happened. */
const running = new Set<ChildProcess>();
// A test that fails before stopping its bot must not leave it running: the jest worker could not exit
// ("failed to exit gracefully") and the process would outlive the run.
afterAll(() => Promise.all([...running].map((child) => stopChild(child))));

/** Tracks `child` until it exits, so that a failing test cannot leave it behind. */
export function tracked<C extends ChildProcess>(child: C): C {
  if (child.exitCode === null && child.signalCode === null) {
    running.add(child);
    child.once("exit", () => running.delete(child));
  }
  return child;
}

/** SIGTERM (a clean stop), then SIGKILL if it is still running after `graceMs`; resolves with its exit code. */
export async function stopChild(child: ChildProcess, graceMs = 30_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** `src/main.ts` in a child process, as `npm start` runs it, with its output collected. */
export class MainProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = tracked(
      spawn(process.execPath, ["-r", "./test/support/swc-register.js", "src/main.ts"], {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          TMPDIR: os.tmpdir(), // the run's folder, removed with it
          DATA_DIR: runScratchDir("data"),
          HEALTH_PORT: "0",
          ...directUrlEnv(env.DATABASE_URL),
          ...env,
        },
      }),
    );
    this.child.stdout.on("data", (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  count(message: string): number {
    return this.stdout.split("\n").filter((line) => line.includes(`"msg":"${message}"`)).length;
  }

  waitForLog(message: string, times = 1, timeoutMs = 30_000): Promise<void> {
    return eventually(() => this.count(message) >= times, timeoutMs, `${times} × "${message}"`);
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<number | null> {
    return stopChild(this.child, graceMs);
  }
}
