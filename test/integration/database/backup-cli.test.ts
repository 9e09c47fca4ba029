import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DependencyContainer } from "tsyringe";
import { buildContainer } from "../../../src/container";
import { DatabaseService } from "../../../src/database/database-service";
import { createLogger } from "../../../src/logger";
import { populateEveryTable, snapshotTables } from "../../support/backup-fixture";
import { directUrlEnv } from "../../support/pooler-routes";
import { createDatabase, dropDatabase, testConfig } from "../../support/test-database";

const worker = process.env.JEST_WORKER_ID ?? "0";
const SOURCE = `warden_backup_cli_src_w${worker}`;
const TARGET = `warden_backup_cli_dst_w${worker}`;
const root = path.resolve(__dirname, "..", "..", "..");

interface Opened {
  container: DependencyContainer;
  db: DatabaseService;
}

async function connect(url: string): Promise<Opened> {
  const config = testConfig({ DATABASE_URL: url });
  const container = buildContainer(config, createLogger(config.LOG_LEVEL));
  const db = container.resolve(DatabaseService);
  await db.start({ migrate: false });
  return { container, db };
}

async function disconnect(opened: Opened): Promise<void> {
  await opened.db.close();
  await opened.container.dispose();
}

let source: Opened;
let sourceUrl: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "warden-backup-cli-"));
  sourceUrl = await createDatabase(SOURCE, { migrated: true });
  source = await connect(sourceUrl);
  await populateEveryTable(source.container, source.db);
});

afterAll(async () => {
  await disconnect(source);
  await dropDatabase(SOURCE);
  rmSync(dir, { recursive: true, force: true });
});

function runCli(
  args: string[],
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["-r", "./test/support/swc-register.js", "src/database/backup-cli.ts", ...args],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? "",
          TMPDIR: tmpdir(),
          DATABASE_URL: databaseUrl,
          ...directUrlEnv(databaseUrl),
          LOG_LEVEL: "silent",
          ...env,
        },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("backup-cli", () => {
  it("backs up and restores into an empty database, printing progress on stderr", async () => {
    const file = path.join(dir, "cli.wbak.gz");
    const backup = await runCli(["backup", file, "--format=logical"], sourceUrl);
    expect(backup).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`backup written: ${file} (logical`) as string,
    });
    expect(backup.stderr).toContain("backup: table");
    const url = await createDatabase(TARGET, { migrated: false });
    try {
      const restore = await runCli(["restore", file], url);
      expect(restore).toMatchObject({ code: 0, stdout: expect.stringContaining("restored") as string });
      expect(restore.stderr).toContain("restore: table");
      const target = await connect(url);
      try {
        expect(await snapshotTables(target.db)).toEqual(await snapshotTables(source.db));
      } finally {
        await disconnect(target);
      }
    } finally {
      await dropDatabase(TARGET);
    }
  });

  it("picks the format itself when none is given (pg_dump when usable against the server) and restores it", async () => {
    const file = path.join(dir, "cli-default-format");
    const backup = await runCli(["backup", file], sourceUrl);
    expect(backup).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`backup written: ${file}`) as string,
    });
    const url = await createDatabase(TARGET, { migrated: false });
    try {
      expect(await runCli(["restore", file], url)).toMatchObject({ code: 0 });
      const target = await connect(url);
      try {
        expect(await snapshotTables(target.db)).toEqual(await snapshotTables(source.db));
      } finally {
        await disconnect(target);
      }
    } finally {
      await dropDatabase(TARGET);
    }
  });

  it("without a file, writes 0600 into DATA_DIR/backups and keeps that folder 0700, tightening it", async () => {
    const dataDir = path.join(dir, "data");
    mkdirSync(path.join(dataDir, "backups"), { recursive: true });
    chmodSync(path.join(dataDir, "backups"), 0o755);
    const result = await runCli(["backup", "--format=logical"], sourceUrl, { DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    const folder = path.join(dataDir, "backups");
    expect(result.stderr).toContain(`note: tightened ${folder} from 0755 to 0700`);
    const written = /backup written: (\S+) \(logical/.exec(result.stdout)?.[1] ?? "";
    expect(path.dirname(written)).toBe(folder);
    expect(statSync(written).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });

  it("with a file in a folder others can enter, writes it 0600 and warns, leaving the folder alone", async () => {
    const open = path.join(dir, "shared");
    mkdirSync(open);
    chmodSync(open, 0o755);
    const file = path.join(open, "named.wbak.gz");
    const result = await runCli(["backup", file, "--format=logical"], sourceUrl);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `warning: ${open} is open to other users (mode 0755); the backup file itself is 0600`,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(open).mode & 0o777).toBe(0o755);
  });

  it("fails with a one-line error for a file that is not a backup", async () => {
    const file = path.join(dir, "not-a-backup.txt");
    writeFileSync(file, "hello");
    const result = await runCli(["restore", file], sourceUrl);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "not a Warden backup: neither the built-in format nor a pg_dump custom-format file",
    );
  });
});
