import { spawn } from "node:child_process";
import path from "node:path";
import { createDatabase, dropDatabase } from "../support/test-database";

const root = path.resolve(__dirname, "..", "..");

function runMain(env: Record<string, string>, signalAfterReady?: NodeJS.Signals) {
  return new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, ["-r", "./test/support/swc-register.js", "src/main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let stdout = "";
    let stderr = "";
    let signalled = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (signalAfterReady && !signalled && stdout.includes("Warden is running")) {
        signalled = true;
        child.kill(signalAfterReady);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stderr, stdout }));
  });
}

describe("npm start (src/main.ts)", () => {
  it("without DISCORD_TOKEN exits non-zero with one clear line", async () => {
    const { code, stderr } = await runMain({});
    expect(code).not.toBe(0);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DISCORD_TOKEN is not set/);
  });

  it("with a bad setting names the variable, not a stack trace", async () => {
    const { code, stderr } = await runMain({ DISCORD_TOKEN: "x", DB_POOL_MAX: "many" });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/DB_POOL_MAX/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("starts the database, applies the migrations, and exits 0 on SIGTERM", async () => {
    const name = `warden_start_${process.env.JEST_WORKER_ID ?? "0"}`;
    const url = await createDatabase(name, { migrated: false });
    try {
      const { code, stdout } = await runMain({ DISCORD_TOKEN: "x", DATABASE_URL: url }, "SIGTERM");
      expect(stdout).toMatch(/migrations applied/);
      expect(stdout).toMatch(/database running/);
      expect(stdout).toMatch(/shutting down/);
      expect(code).toBe(0);
    } finally {
      await dropDatabase(name);
    }
  });
});
