import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync, gunzipSync } from "node:zlib";
import type { DependencyContainer } from "tsyringe";
import { buildContainer } from "../../../src/container";
import { CaseController } from "../../../src/controllers/case-controller";
import { EconomyController } from "../../../src/controllers/economy-controller";
import { BackupService } from "../../../src/database/backup/backup-service";
import type { BackupFormat, BackupProgress } from "../../../src/database/backup/format";
import { DatabaseService } from "../../../src/database/database-service";
import { createLogger } from "../../../src/logger";
import { CaseType } from "../../../src/entities";
import {
  applicationTables,
  pgDumpUsableSync,
  populateEveryTable,
  snapshotTables,
} from "../../support/backup-fixture";
import { snowflake } from "../../support/factories";
import { knownMigrations, migrateUpTo } from "../../../src/database/backup/schema-version";
import { createDatabase, dropDatabase, testConfig } from "../../support/test-database";
import { TcpProxy } from "../../support/tcp-proxy";
import { writeLogicalBackup } from "../../../src/database/backup/logical-backup";

const worker = process.env.JEST_WORKER_ID ?? "0";
const SOURCE = `warden_backup_src_w${worker}`;
const TARGET = `warden_backup_dst_w${worker}`;
const PG_DUMP = pgDumpUsableSync();

interface Opened {
  container: DependencyContainer;
  db: DatabaseService;
  url: string;
}

async function open(name: string, migrated: boolean): Promise<Opened> {
  return connect(await createDatabase(name, { migrated }));
}

async function connect(url: string): Promise<Opened> {
  const config = testConfig({ DATABASE_URL: url });
  const container = buildContainer(config, createLogger(config.LOG_LEVEL));
  const db = container.resolve(DatabaseService);
  await db.start({ migrate: false });
  return { container, db, url };
}

async function close(opened: Opened, name: string): Promise<void> {
  await opened.db.close();
  await opened.container.dispose();
  await dropDatabase(name);
}

let source: Opened;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "warden-backup-"));
  source = await open(SOURCE, true);
  await populateEveryTable(source.container, source.db);
});

afterAll(async () => {
  await close(source, SOURCE);
  rmSync(dir, { recursive: true, force: true });
});

async function maxOf(db: DatabaseService, sql: string): Promise<number> {
  const result = await db.sql<{ top: string }>(sql);
  return Number(result.rows[0]?.top ?? 0);
}

/** Restored data accepts new rows: the next case number per guild and the next ledger id. */
async function expectCountersContinue(target: Opened): Promise<void> {
  const guild = await target.db.sql<{ guild_id: string; top: number }>(
    "SELECT guild_id, max(number) AS top FROM cases GROUP BY guild_id ORDER BY 2 DESC LIMIT 1",
  );
  const { guild_id: guildId, top } = guild.rows[0] ?? { guild_id: "", top: 0 };
  const maxCaseId = await maxOf(target.db, "SELECT max(id) AS top FROM cases");
  const created = await target.container.resolve(CaseController).createCase({
    guildId,
    type: CaseType.Warn,
    targetId: snowflake(),
    moderatorId: snowflake(),
    reason: "after restore",
  });
  expect(created.number).toBe(top + 1);
  expect(created.id).toBe(maxCaseId + 1);
  const maxLedgerId = await maxOf(target.db, "SELECT max(id) AS top FROM ledger_entries");
  await target.container
    .resolve(EconomyController)
    .add(guildId, snowflake(), 5n, snowflake(), "after restore");
  expect(await maxOf(target.db, "SELECT max(id) AS top FROM ledger_entries")).toBe(maxLedgerId + 1);
}

async function roundTrip(format: BackupFormat): Promise<void> {
  const file = path.join(dir, `round-trip.${format}`);
  const backedUp = await source.container.resolve(BackupService).backup(file, { format });
  expect(backedUp.format).toBe(format);
  const target = await open(TARGET, false);
  try {
    const progress: BackupProgress[] = [];
    const restored = await target.container
      .resolve(BackupService)
      .restore(file, { onProgress: (p) => progress.push(p) });
    expect(restored.format).toBe(format);
    expect(await snapshotTables(target.db)).toEqual(await snapshotTables(source.db));
    if (format === "logical") expect(progress.at(-1)?.rowsDone).toBe(backedUp.rows);
    await expectCountersContinue(target);
  } finally {
    await close(target, TARGET);
  }
}

it("the source database has rows in every application table", async () => {
  const snapshot = await snapshotTables(source.db);
  const tables = await applicationTables(source.db);
  expect(tables.length).toBeGreaterThan(10);
  const empty = tables.filter((table) => (snapshot[table]?.length ?? 0) === 0);
  expect(empty).toEqual([]);
});

describe("built-in format (COPY-free cursor reads, gzip JSON lines)", () => {
  it("restores every table row by row into an empty database, and new cases and ledger entries continue", async () => {
    await roundTrip("logical");
  });

  it("refuses a backup whose header names a migration this code does not know", async () => {
    const file = path.join(dir, "newer.wbak.gz");
    await source.container.resolve(BackupService).backup(file, { format: "logical" });
    const [header, ...rest] = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    const parsed = JSON.parse(header ?? "{}") as { migration: string; migrations: string[] };
    parsed.migrations.push("FromTheFuture1999999999999");
    parsed.migration = "FromTheFuture1999999999999";
    writeFileSync(file, gzipSync([JSON.stringify(parsed), ...rest].join("\n")));
    const target = await open(TARGET, false);
    try {
      await expect(target.container.resolve(BackupService).restore(file)).rejects.toThrow(
        /newer schema: migration FromTheFuture1999999999999 is unknown/,
      );
      expect(await applicationTables(target.db)).toEqual([]);
    } finally {
      await close(target, TARGET);
    }
  });
});

if (PG_DUMP.usable) {
  describe(`pg_dump custom format (usable: ${PG_DUMP.reason})`, () => {
    it("restores every table row by row into an empty database, and new cases and ledger entries continue", async () => {
      await roundTrip("pg_dump");
    });
  });
} else {
  describe(`pg_dump custom format (unusable here: ${PG_DUMP.reason})`, () => {
    it("the service reports pg_dump unavailable and chooses the built-in format", async () => {
      const service = source.container.resolve(BackupService);
      expect((await service.pgDumpAvailability()).usable).toBe(false);
      expect(await service.chooseFormat("auto")).toBe("logical");
      await expect(service.backup(path.join(dir, "x.dump"), { format: "pg_dump" })).rejects.toThrow(
        /pg_dump is unavailable/,
      );
    });
  });
}

describe("a backup whose connection is lost midway", () => {
  // Unheard, pg's error event would end the process (the bot's, for /db backup), which fails this test.
  it("fails with the connection's error, and the process that ran it stays up", async () => {
    const { proxy, url } = await TcpProxy.forUrl(source.url);
    try {
      // Cut as the backup asks for its next rows.
      const backup = writeLogicalBackup(url, path.join(dir, "cut.logical"), {
        onProgress: () => proxy.down(),
      });
      await expect(backup).rejects.toThrow(/Connection terminated/);
    } finally {
      await proxy.close();
    }
  });
});

describe("a backup from an older schema", () => {
  it("is restored at its own version, then the newer migrations run on the restored data", async () => {
    const OLDER = `warden_backup_old_w${worker}`;
    const older = await open(OLDER, false);
    const file = path.join(dir, "older.wbak.gz");
    const names = knownMigrations(older.db.dataSource);
    const previous = names.at(-2) ?? null;
    try {
      await migrateUpTo(older.db.dataSource, previous);
      // Plain SQL: the entities describe the newest schema, which the newest migration may have changed.
      const guildId = snowflake();
      await older.db.sql("INSERT INTO guilds (id, case_counter) VALUES ($1, 1)", [guildId]);
      await older.db.sql(
        `INSERT INTO cases (guild_id, number, type, target_id, moderator_id, reason)
         VALUES ($1, 1, 'warn', $2, $3, 'before the upgrade')`,
        [guildId, snowflake(), snowflake()],
      );
      const backedUp = await older.container.resolve(BackupService).backup(file, { format: "logical" });
      expect(backedUp.rows).toBeGreaterThan(0);
    } finally {
      await close(older, OLDER);
    }
    const target = await open(TARGET, false);
    try {
      const restored = await target.container.resolve(BackupService).restore(file);
      expect(restored.migration).toBe(previous);
      const applied = await target.db.sql<{ name: string }>("SELECT name FROM migrations ORDER BY id");
      expect(applied.rows.map((row) => row.name)).toEqual(names);
      const cases = await target.db.sql<{ reason: string }>("SELECT reason FROM cases");
      expect(cases.rows).toEqual([{ reason: "before the upgrade" }]);
    } finally {
      await close(target, TARGET);
    }
  });
});
