import { spawn } from "node:child_process";
import path from "node:path";
import { MIGRATIONS } from "../../src/migrations";
import { createDatabase, dropDatabase } from "../support/test-database";

const root = path.resolve(__dirname, "..", "..");
const ROUNDS = 8;
const PROCESSES = 3;

function startDatabaseProcess(
  databaseUrl: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["-r", "./test/support/swc-register.js", "test/support/start-database.ts"],
      { cwd: root, env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

describe("processes started together on a new database", () => {
  it(`migrate it exactly once: ${PROCESSES} processes at once, ${ROUNDS} rounds, every one starts`, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const name = `migration_race_${round}`;
      const url = await createDatabase(name, { migrated: false });
      try {
        const results = await Promise.all(Array.from({ length: PROCESSES }, () => startDatabaseProcess(url)));
        expect(results.map((result) => result.err)).toEqual(Array(PROCESSES).fill(""));
        expect(results.map((result) => result.code)).toEqual(Array(PROCESSES).fill(0));
        // Every process saw the whole schema, and it was applied once (one row per migration).
        expect(results.map((result) => Number(result.out.trim()))).toEqual(
          Array(PROCESSES).fill(MIGRATIONS.length),
        );
      } finally {
        await dropDatabase(name);
      }
    }
    // 24 processes, each loading the app's modules: minutes on a busy two-core machine.
  }, 240_000);
});
