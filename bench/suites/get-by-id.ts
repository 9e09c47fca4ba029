import { GuildController } from "../../src/controllers/guild-controller";
import { Guild } from "../../src/entities";
import type { BenchContext } from "../lib/app";
import type { Reporter } from "../lib/output";
import { median, ms, percentile } from "../lib/stats";
import { compareLatencies } from "../lib/timing";

const GUILDS = 1_000;
const BASE_ID = 100_000_000_000_000_000n;

/**
 * GuildController.getById against the same SELECT sent bare on the app's own pg.Pool (same connections),
 * sequential calls, interleaved.
 */
export async function benchGetById(context: BenchContext, report: Reporter): Promise<void> {
  await context.raw.query(
    `INSERT INTO guilds (id) SELECT $1::bigint + g FROM generate_series(1, $2::int) AS g`,
    [BASE_ID.toString(), GUILDS],
  );
  const ids = Array.from({ length: GUILDS }, (_unused, index) => (BASE_ID + BigInt(index + 1)).toString());
  const idAt = (index: number): string => ids[(index * 7919) % GUILDS] ?? ids[0] ?? "";

  const guilds = context.container.resolve(GuildController);
  const metadata = context.db.dataSource.getMetadata(Guild);
  const columns = metadata.columns.map((column) => `"${column.databaseName}"`).join(", ");
  const text = `SELECT ${columns} FROM "guilds" WHERE "id" = $1`;

  const [controller, raw] = await compareLatencies(
    async (index) => {
      if (!(await guilds.getById(idAt(index)))) throw new Error("getById found no guild");
    },
    async (index) => {
      if ((await context.appPool.query(text, [idAt(index)])).rowCount !== 1)
        throw new Error("raw select found no guild");
    },
    { warmup: 1_000, rounds: 5_000, perRound: 1 },
  );
  const controllerP50 = median(controller);
  const rawP50 = median(raw);
  report.emit(
    "getById.vs_raw_pg",
    controllerP50 / rawP50,
    "ratio",
    `median latency GuildController.getById ${ms(controllerP50)} / the same SELECT on the app's pg.Pool ` +
      `${ms(rawP50)}; ` +
      `${controller.length} sequential calls each, alternating call by call (order swapped each round) after 1000 warm-up; ` +
      `p90 ${ms(percentile(controller, 90))} vs ${ms(percentile(raw, 90))}; pool max ${context.config.DB_POOL_MAX}`,
  );
  report.emit(
    "getById.p50_ms",
    controllerP50,
    "ms",
    `GuildController.getById median latency over ${controller.length} calls (raw pg p50 ${ms(rawP50)})`,
  );
}
