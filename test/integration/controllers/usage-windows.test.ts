import { RetentionController } from "../../../src/controllers/retention-controller";
import { UsageController, type RecordedUsage } from "../../../src/controllers/usage-controller";
import { USAGE_WINDOW_HOURS } from "../../../src/entities/usage-window";
import { usageWindowStatements } from "../../../src/migrations/1796314671784-UsageWindows";
import { windowsUpToMarkStatements } from "../../../src/migrations/1796336000000-UsageWindowsUpToMark";
import { startPeer } from "../../support/peer-process";
import { rawUsageSummary } from "../../support/raw-usage-summary";
import { useTestDatabase } from "../../support/test-database";
import { GUILDS, HOUR_MS, expectSameAsRawUsage, usageEvents } from "../../support/usage-fixture";

const t = useTestDatabase();

/** What each window holds by definition: the hourly rows from the mark less its span up to the mark. */
const WINDOWS_FROM_HOURS = `SELECT h.scope, h.dimension, s.span, h.key, sum(h.uses)::bigint AS uses FROM usage_hourly h
   CROSS JOIN unnest('{24,168,720}'::smallint[]) AS s(span)
   WHERE h.hour >= (SELECT hour FROM usage_window_mark) - make_interval(hours => s.span)
     AND h.hour < (SELECT hour FROM usage_window_mark)
   GROUP BY 1, 2, 3, 4`;

/** Windows as the job would have left them `hoursBehind` hours ago: the mark there, rows to match. */
async function lagWindows(hoursBehind: number): Promise<void> {
  await t.db.sql("TRUNCATE usage_window, usage_window_mark");
  await t.db.sql(
    `INSERT INTO usage_window_mark (id, hour, needs_rebuild)
     VALUES (1, date_trunc('hour', now(), 'UTC') - make_interval(hours => $1::int), false)`,
    [hoursBehind],
  );
  await t.db.sql(`INSERT INTO usage_window (scope, dimension, span, key, uses) ${WINDOWS_FROM_HOURS}`);
}

/** Window rows that differ from summing their hourly rows (none, when the windows are right). */
async function windowDrift(): Promise<unknown[]> {
  const { rows } = await t.db.sql(
    `WITH expected AS (${WINDOWS_FROM_HOURS})
     (SELECT 'missing' AS side, * FROM expected EXCEPT SELECT 'missing', scope, dimension, span, key, uses FROM usage_window)
     UNION ALL
     (SELECT 'extra', scope, dimension, span, key, uses FROM usage_window EXCEPT SELECT 'extra', * FROM expected)`,
  );
  return rows;
}

/**
 * Usage with events this hour, and windows as the version before kept them (by its migration): from the
 * mark less their span on, this hour included.
 */
async function olderVersionsWindows(seed: number): Promise<void> {
  const now = usageEvents(100, seed, 1).map((event) => ({ ...event, at: new Date() }));
  await t.get(UsageController).insertAll([...now, ...usageEvents(350, seed + 1, 35 * 24)]);
  await t.db.sql("TRUNCATE usage_window, usage_window_mark");
  const { mark, windows } = usageWindowStatements();
  for (const statement of [mark, windows]) await t.db.sql(statement);
}

/** Migration UsageWindowsUpToMark's data step: up ("-") or down ("+"), in a transaction as it runs. */
async function moveWindows(sign: "-" | "+"): Promise<void> {
  await t.db.transaction(async () => {
    for (const statement of windowsUpToMarkStatements(sign)) await t.db.sql(statement);
  });
}

async function markHoursBehind(): Promise<number> {
  const { rows } = await t.db.sql<{ behind: number }>(
    `SELECT extract(epoch FROM date_trunc('hour', now(), 'UTC') - hour)::int / 3600 AS behind FROM usage_window_mark`,
  );
  return Number(rows[0]?.behind);
}

describe("usage windows", () => {
  it("answer exactly while the window job lags, and once it has caught up, six hours per transaction", async () => {
    const usage = t.get(UsageController);
    await usage.insertAll(usageEvents(600, 21, 40 * 24));
    await lagWindows(30);
    await expectSameAsRawUsage(t);

    // Flushed while the windows lag: some of these are in hours the job has yet to take out.
    await usage.insertAll(usageEvents(300, 22, 32 * 24));
    await expectSameAsRawUsage(t);

    await expect(usage.advanceWindows()).resolves.toBe(30);
    expect(await markHoursBehind()).toBe(0);
    expect(await windowDrift()).toEqual([]);
    const empty = await t.db.sql<{ count: string }>(
      "SELECT count(*) AS count FROM usage_window WHERE uses <= 0",
    );
    expect(empty.rows[0]?.count).toBe("0");
    await expectSameAsRawUsage(t);
    await expect(usage.advanceWindows()).resolves.toBe(0);
  });

  it("rank the top of a window with many keys and ties as counting the raw events does", async () => {
    const users = Array.from({ length: 40 }, (_, index) => String(10n ** 17n + BigInt(index * 7)));
    const base = usageEvents(2_000, 31, 35 * 24);
    const events: RecordedUsage[] = base.map((event, index) => ({
      ...event,
      userId: users[(index * index) % users.length] ?? "",
    }));
    const usage = t.get(UsageController);
    await usage.insertAll(events);
    for (const behind of [0, 3]) {
      await lagWindows(behind);
      for (const guildId of [null, GUILDS[0] ?? null]) {
        for (const hours of USAGE_WINDOW_HOURS) {
          for (const limit of [1, 3, 5, 10]) {
            const scope = { guildId, hours, limit, now: new Date() };
            const { topUsers, topCommands } = await usage.summary(scope);
            const raw = await rawUsageSummary(t.db, scope);
            expect({ scope, topUsers, topCommands }).toEqual({
              scope,
              topUsers: raw.topUsers,
              topCommands: raw.topCommands,
            });
          }
        }
      }
    }
  });

  it("end the windows that counted the current hour at the mark (the migration), and answer exactly", async () => {
    await olderVersionsWindows(61);
    expect(await windowDrift()).not.toEqual([]);

    await moveWindows("-");
    expect(await windowDrift()).toEqual([]);
    await expectSameAsRawUsage(t);

    // Reverted, the windows count this hour again, as the older version reads them.
    await moveWindows("+");
    const counted = await t.db.sql<{ uses: string }>(
      `SELECT uses FROM usage_window WHERE scope = 0 AND dimension = 'outcome' AND span = 24 AND key = 'ok'`,
    );
    const raw = await t.db.sql<{ uses: string }>(
      `SELECT count(*) AS uses FROM usage_events
        WHERE outcome = 'ok' AND created_at >= date_trunc('hour', now(), 'UTC') - interval '24 hours'`,
    );
    expect(counted.rows[0]?.uses).toBe(raw.rows[0]?.uses);
  });

  it("start the windows again from the hours once no process of an older version is alive", async () => {
    const usage = t.get(UsageController);
    await olderVersionsWindows(71);
    await moveWindows("-");
    const older = await t.db.sql<{ id: string }>(
      `INSERT INTO process_boots (id, host, pid, lease_until, schema_version)
       VALUES (gen_random_uuid(), 'older-pod', 1, now() + interval '1 hour', 'UsageWindows1796314671784'),
              (gen_random_uuid(), 'newer-pod', 2, now() + interval '1 hour', 'UsageWindowsUpToMark1796336000000')
       RETURNING id`,
    );
    // An older process's flush adds this hour's events to the windows by its rules.
    await t.db.sql("UPDATE usage_window SET uses = uses + 7 WHERE span = 24 AND dimension = 'outcome'");
    const needsRebuild = async () =>
      (await t.db.sql<{ needs: boolean }>("SELECT needs_rebuild AS needs FROM usage_window_mark")).rows[0]
        ?.needs;
    expect(await needsRebuild()).toBe(true);

    // While it lives, its writes would spoil a new start: the windows are left as they are.
    await usage.advanceWindows();
    expect(await windowDrift()).not.toEqual([]);
    expect(await needsRebuild()).toBe(true);

    // Once its lease has lapsed, the next check starts them again from the hours.
    await t.db.sql("UPDATE process_boots SET lease_until = now() - interval '1 second' WHERE id = $1", [
      older.rows[0]?.id,
    ]);
    await expect(usage.advanceWindows()).resolves.toBe(0);
    expect(await windowDrift()).toEqual([]);
    expect(await needsRebuild()).toBe(false);
    expect(await markHoursBehind()).toBe(0);
    await expectSameAsRawUsage(t);
    await t.db.sql("DELETE FROM process_boots WHERE host IN ('older-pod', 'newer-pod')");
  });

  it("start the windows again when the mark is ahead of the clock or further behind than 30 days", async () => {
    const usage = t.get(UsageController);
    await usage.insertAll(usageEvents(300, 81, 35 * 24));
    for (const hoursBehind of [-3, 800]) {
      await lagWindows(hoursBehind);
      await t.db.sql("UPDATE usage_window SET uses = uses + 3");
      await expect(usage.advanceWindows()).resolves.toBe(0);
      expect(await markHoursBehind()).toBe(0);
      expect(await windowDrift()).toEqual([]);
      await expectSameAsRawUsage(t);
    }
  });

  it("count from the hourly rows alone without a mark, and start the windows from them", async () => {
    const usage = t.get(UsageController);
    await lagWindows(0);
    await usage.insertAll(usageEvents(400, 41, 35 * 24));
    await t.db.sql("DELETE FROM usage_window_mark");
    // Without a mark, window rows mean nothing: neither the readers nor the job may trust them.
    await t.db.sql("UPDATE usage_window SET uses = uses + 5");
    await usage.insertAll(usageEvents(100, 42, 35 * 24));
    await expectSameAsRawUsage(t);

    await expect(usage.advanceWindows()).resolves.toBe(0);

    expect(await markHoursBehind()).toBe(0);
    expect(await windowDrift()).toEqual([]);
    await expectSameAsRawUsage(t);

    // Without a mark no window counts an hour: the age alone decides what the retention keeps.
    const aged = "SELECT count(*) AS count FROM usage_hourly WHERE hour < now() - interval '31 days'";
    expect(Number((await t.db.sql<{ count: string }>(aged)).rows[0]?.count)).toBeGreaterThan(0);
    await t.db.sql("DELETE FROM usage_window_mark");
    await t.get(RetentionController).purgeExpired();
    expect((await t.db.sql<{ count: string }>(aged)).rows[0]?.count).toBe("0");
  });

  it("count every event once when processes flush while another moves the windows", async () => {
    await lagWindows(0);
    const peers = [await startPeer(t.url), await startPeer(t.url), await startPeer(t.url)];
    try {
      for (let round = 0; round < 4; round += 1) {
        // The job's history is rewritten to lag 6 hours, then flushes (some into the leaving hours) race it.
        await lagWindows(6);
        const [mover, ...flushers] = peers;
        await Promise.all([
          ...flushers.map((peer, index) =>
            Promise.all(
              [0, 1, 2].map((batch) =>
                peer.container
                  .resolve(UsageController)
                  .insertAll(usageEvents(150, 1_000 + round * 10 + index * 3 + batch, 31 * 24)),
              ),
            ),
          ),
          mover?.container.resolve(UsageController).advanceWindows(),
        ]);
        expect(await windowDrift()).toEqual([]);
      }
    } finally {
      await Promise.all(peers.map((peer) => peer.stop()));
    }
    await expectSameAsRawUsage(t);
  });

  it("write a backlog larger than one statement's share all or nothing", async () => {
    const usage = t.get(UsageController);
    await lagWindows(0);
    const backlog = usageEvents(12_000, 61, 20 * 24);
    await t.db.sql(
      `CREATE FUNCTION test_refuse_boom() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN IF NEW.command = '/boom' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`,
    );
    await t.db.sql(
      "CREATE TRIGGER test_refuse_boom BEFORE INSERT ON usage_events FOR EACH ROW EXECUTE FUNCTION test_refuse_boom()",
    );
    try {
      const last = backlog.length - 1;
      const refused = backlog.map((event, index) =>
        index === last ? { ...event, command: "/boom" } : event,
      );
      await expect(usage.insertAll(refused)).rejects.toThrow();
      const counted = await t.db.sql<{ raw: string; hourly: string }>(
        "SELECT (SELECT count(*) FROM usage_events) AS raw, (SELECT count(*) FROM usage_hourly) AS hourly",
      );
      expect(counted.rows[0]).toEqual({ raw: "0", hourly: "0" });
    } finally {
      await t.db.sql("DROP TRIGGER test_refuse_boom ON usage_events");
      await t.db.sql("DROP FUNCTION test_refuse_boom()");
    }

    await usage.insertAll(backlog);
    expect(await windowDrift()).toEqual([]);
    await expectSameAsRawUsage(t);
  });

  it("keep the hourly rows a lagging window still counts, and purge them once it has moved on", async () => {
    const usage = t.get(UsageController);
    const old = usageEvents(200, 51, 24).map((event) => ({
      ...event,
      at: new Date(event.at.getTime() - 35 * 24 * HOUR_MS),
    }));
    await usage.insertAll(old);
    await lagWindows(25 * 24);
    const hourly = async () =>
      Number(
        (await t.db.sql<{ count: string }>("SELECT count(*) AS count FROM usage_hourly")).rows[0]?.count,
      );
    const before = await hourly();
    expect(before).toBeGreaterThan(0);

    await t.get(RetentionController).purgeExpired();
    expect(await hourly()).toBe(before);

    await expect(usage.advanceWindows()).resolves.toBe(25 * 24);
    expect(await windowDrift()).toEqual([]);
    const deleted = await t.get(RetentionController).purgeExpired();
    expect(deleted.usage_hourly).toBe(before);
    expect(await hourly()).toBe(0);
  });
});
