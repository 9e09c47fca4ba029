import { UserController } from "../../src/controllers/user-controller";
import { User } from "../../src/entities";
import { settle, type BenchContext } from "../lib/app";
import { progress, type Reporter } from "../lib/output";
import { median, ms } from "../lib/stats";
import { compareTrials, timed } from "../lib/timing";

const ROWS = 10_000;
const RAW_UPDATE =
  "UPDATE users AS t SET display_name = v.display_name " +
  "FROM unnest($1::int[], $2::text[]) AS v(id, display_name) WHERE t.id = v.id";

/**
 * Updating 10,000 rows, each to its own value: controller.bulkUpdate vs one hand-written UPDATE … FROM
 * unnest sent bare on the app's own pg.Pool, and vs the naive TypeORM way (repository.save per loaded entity).
 */
export async function benchBulkUpdate(context: BenchContext, report: Reporter): Promise<void> {
  await context.raw.query("TRUNCATE users RESTART IDENTITY CASCADE");
  await context.raw.query(
    "INSERT INTO users (username, display_name) SELECT 'user' || g, 'start ' || g FROM generate_series(1, $1::int) AS g",
    [ROWS],
  );
  const idResult = await context.raw.query<{ id: number }>("SELECT id FROM users ORDER BY id");
  const ids = idResult.rows.map((row) => row.id);
  const users = context.container.resolve(UserController);
  const value = (trial: number, index: number): string => `t${trial} name ${index}`;

  progress(`bulkUpdate: ${ROWS} rows, controller vs raw unnest`);
  const prepare = (): Promise<void> => settle(context, "users");
  const [bulk, raw] = await compareTrials(
    {
      prepare,
      run: async (trial) => {
        const changed = await users.bulkUpdate(
          ids.map((id, i) => ({ id, changes: { displayName: value(trial, i) } })),
        );
        if (changed !== ROWS) throw new Error(`bulkUpdate changed ${changed} rows`);
      },
    },
    {
      prepare,
      run: async (trial) => {
        const names = ids.map((_id, i) => value(trial, i));
        const result = await context.appPool.query(RAW_UPDATE, [ids, names]);
        if (result.rowCount !== ROWS) throw new Error(`raw update changed ${result.rowCount} rows`);
      },
    },
    { warmup: 3, trials: 21 },
  );
  const bulkMs = median(bulk);
  const rawMs = median(raw);

  progress(`bulkUpdate: ${ROWS} × repository.save (naive baseline)`);
  const { ms: saveMs, statementsPerSave } = await saveLoop(context);
  report.emit(
    "bulkUpdate10k.vs_save_loop",
    saveMs / bulkMs,
    "ratio",
    `repository.save per row ${ms(saveMs)} (1 run, entities loaded beforehand, ${statementsPerSave} statements ` +
      `per save) / bulkUpdate ${ms(bulkMs)} ` +
      `(median of ${bulk.length}); ${ROWS} rows, distinct displayName each`,
  );
  report.emit(
    "bulkUpdate10k.vs_raw_pg",
    bulkMs / rawMs,
    "ratio",
    `bulkUpdate ${ms(bulkMs)} / raw UPDATE … FROM unnest ${ms(rawMs)}; medians of ${bulk.length} alternating ` +
      `trials after 3 warm-up each (VACUUM + CHECKPOINT untimed before each)`,
  );
}

/** The naive way: load every entity first (untimed), then mutate and `save` one at a time. */
async function saveLoop(context: BenchContext): Promise<{ ms: number; statementsPerSave: number }> {
  const repository = context.db.dataSource.getRepository(User);
  const entities = await repository.find({ order: { id: "ASC" } });
  if (entities.length !== ROWS) throw new Error(`loaded ${entities.length} users`);
  for (const entity of entities.slice(0, 200)) {
    entity.displayName = `warm ${entity.id}`;
    await repository.save(entity); // warm-up, untimed
  }
  const probe = entities[0];
  if (!probe) throw new Error("no user to probe");
  probe.displayName = "probe";
  const { statements } = await context.db.queries.record(() => repository.save(probe));
  await settle(context, "users");
  const elapsed = await timed(async () => {
    for (const [index, entity] of entities.entries()) {
      entity.displayName = `saved name ${index}`;
      await repository.save(entity);
    }
  });
  return { ms: elapsed, statementsPerSave: statements.length };
}
