import type { PoolClient } from "pg";
import { UserController } from "../../src/controllers/user-controller";
import { settle, type BenchContext } from "../lib/app";
import { progress, type Reporter } from "../lib/output";
import { median, ms } from "../lib/stats";
import { compareTrials } from "../lib/timing";

const ROWS = 100_000;
const MAX_PARAMETERS = 65_535;

interface NewUser {
  username: string;
  displayName: string;
}

/** Inserting 100,000 users: UserController.createMany vs hand-built multi-row INSERTs in one transaction. */
export async function benchCreateMany(context: BenchContext, report: Reporter): Promise<void> {
  const rows: NewUser[] = Array.from({ length: ROWS }, (_unused, i) => ({
    username: `user${i}`,
    displayName: `User ${i}`,
  }));
  const users = context.container.resolve(UserController);
  const prepare = async (): Promise<void> => {
    await context.raw.query("TRUNCATE users RESTART IDENTITY CASCADE");
    await settle(context, "users");
  };

  progress(`createMany: ${ROWS} rows, controller vs raw multi-row INSERT`);
  const [controller, raw] = await compareTrials(
    {
      prepare,
      run: async () => {
        const inserted = await users.createMany(rows);
        if (inserted !== ROWS) throw new Error(`createMany inserted ${inserted} rows`);
      },
    },
    {
      prepare,
      run: async () => {
        const client = await context.appPool.connect();
        try {
          const inserted = await rawInsert(client, rows);
          if (inserted !== ROWS) throw new Error(`raw insert inserted ${inserted} rows`);
        } finally {
          client.release();
        }
      },
    },
    { warmup: 1, trials: 11 },
  );
  const controllerMs = median(controller);
  const rawMs = median(raw);
  report.emit(
    "createMany100k.rows_per_s",
    ROWS / (controllerMs / 1000),
    "rows/s",
    `UserController.createMany of ${ROWS} users, median ${ms(controllerMs)} over ${controller.length} trials ` +
      `(raw multi-row: ${Math.round(ROWS / (rawMs / 1000))} rows/s)`,
  );
  report.emit(
    "createMany100k.vs_raw_multirow",
    controllerMs / rawMs,
    "ratio",
    `createMany ${ms(controllerMs)} / raw multi-row INSERT in a transaction ${ms(rawMs)}; medians of ` +
      `${controller.length} alternating trials after 1 warm-up each; TRUNCATE + VACUUM + CHECKPOINT untimed between`,
  );
}

/** What a careful hand-writer would do: BEGIN, INSERTs of as many rows as the parameter limit allows, COMMIT. */
async function rawInsert(client: PoolClient, rows: readonly NewUser[]): Promise<number> {
  const perStatement = Math.floor(MAX_PARAMETERS / 2);
  let inserted = 0;
  await client.query("BEGIN");
  try {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: string[] = [];
      const tuples: string[] = [];
      for (const row of chunk) {
        params.push(row.username, row.displayName);
        tuples.push(`($${params.length - 1}, $${params.length})`);
      }
      const result = await client.query(
        `INSERT INTO users (username, display_name) VALUES ${tuples.join(", ")}`,
        params,
      );
      inserted += result.rowCount ?? 0;
    }
    await client.query("COMMIT");
    return inserted;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
