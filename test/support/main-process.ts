import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { eventually } from "./eventually";

const root = path.resolve(__dirname, "..", "..");

/** `src/main.ts` in a child process, as `npm start` runs it, with its output collected. */
export class MainProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = "";
  stderr = "";
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ["-r", "./test/support/swc-register.js", "src/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        TMPDIR: os.tmpdir(), // the run's folder, removed with it
        DATA_DIR: path.join(os.tmpdir(), `data-w${process.env.JEST_WORKER_ID ?? "0"}`),
        HEALTH_PORT: "0",
        ...env,
      },
    });
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
}
