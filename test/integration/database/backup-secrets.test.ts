import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { buildContainer } from "../../../src/container";
import {
  chosenBackupFolder,
  createPrivateFile,
  ownBackupFolder,
} from "../../../src/database/backup/backup-files";
import { BackupService } from "../../../src/database/backup/backup-service";
import { pgDump, pgRestore, withoutPassword, type Spawn } from "../../../src/database/backup/pg-dump";
import { DatabaseService } from "../../../src/database/database-service";
import { createLogger } from "../../../src/logger";
import { pgDumpUsableSync } from "../../support/backup-fixture";
import { withAdminClient } from "../../support/database-server";
import { adminUrl, createDatabase, dropDatabase, testConfig } from "../../support/test-database";
import { runDatabaseName } from "../../support/test-run";

const worker = process.env.JEST_WORKER_ID ?? "0";
const DATABASE = `warden_backup_secrets_w${worker}`;
/** Roles are shared by the whole server: run-scoped like the databases, so two runs never collide. */
const ROLE = runDatabaseName(`dump_w${worker}`);
const PASSWORD = "Dump/pw@with:chars-42";
const formats = pgDumpUsableSync().usable ? (["logical", "pg_dump"] as const) : (["logical"] as const);

interface Spawned {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv | undefined;
  /** What `ps` shows for the child, read while it runs. */
  cmdline: string;
}

/** The real spawn, recording what each child was given and what /proc shows for it. */
function recordingSpawn(calls: Spawned[]): Spawn {
  return ((command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv }) => {
    const child = spawn(command, args, options) as ChildProcess;
    calls.push({ command, args, env: options.env, cmdline: commandLineOf(child.pid) });
    return child;
  }) as Spawn;
}

/** Read right after spawn returns: the child has exec'd and is still connecting, so /proc has it. */
function commandLineOf(pid: number | undefined): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "(gone)";
  }
}

let dir: string;
let databaseUrl: string;

/** The test database's URL, signed in as a role that has a password (whatever the test server is). */
function urlAs(password: string): string {
  const url = new URL(databaseUrl);
  url.username = ROLE;
  url.password = encodeURIComponent(password);
  return url.toString();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "warden-backup-secrets-"));
  databaseUrl = await createDatabase(DATABASE, { migrated: true });
  await withAdminClient(adminUrl(), async (client) => {
    await client.query(`DROP ROLE IF EXISTS ${ROLE}`);
    await client.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}' IN ROLE pg_read_all_data`);
  });
});

afterAll(async () => {
  await dropDatabase(DATABASE);
  await withAdminClient(adminUrl(), (client) => client.query(`DROP ROLE IF EXISTS ${ROLE}`));
  rmSync(dir, { recursive: true, force: true });
});

/** Whether this server checks passwords at all (the embedded one does; a trust-configured one may not). */
async function passwordsChecked(): Promise<boolean> {
  const client = new Client({ connectionString: urlAs("not-the-password") });
  try {
    await client.connect();
    await client.end();
    return false;
  } catch (error) {
    return (error as { code?: string }).code === "28P01";
  }
}

describe("pg_dump and pg_restore never see the password on their command line", () => {
  it("splits a URL into one without its password and the password itself", () => {
    expect(withoutPassword("postgres://u:p%40ss%2Fw@h:5432/d?sslmode=disable")).toEqual({
      url: "postgres://u@h:5432/d?sslmode=disable",
      password: "p@ss/w",
    });
    expect(withoutPassword("postgres://u@h/d?password=s3cret&sslmode=disable")).toEqual({
      url: "postgres://u@h/d?sslmode=disable",
      password: "s3cret",
    });
    expect(withoutPassword("postgres://u@h/d")).toEqual({ url: "postgres://u@h/d", password: undefined });
  });

  it("pg_dump gets it in PGPASSWORD and signs in with it", async () => {
    const calls: Spawned[] = [];
    const outcome = await pgDump(urlAs(PASSWORD), path.join(dir, "dump"), recordingSpawn(calls)).then(
      () => "written",
      (error: Error) => error.message,
    );
    expect(calls).toHaveLength(1);
    const [call] = calls;
    for (const shown of [call?.args.join(" ") ?? "", call?.cmdline ?? ""]) {
      expect(shown).toContain("--dbname");
      expect(shown).not.toContain("Dump");
      expect(shown).not.toContain(encodeURIComponent(PASSWORD));
    }
    expect(call?.env?.PGPASSWORD).toBe(PASSWORD);
    // Signed in: it either wrote the dump or stopped after connecting, at the server version check.
    expect(outcome).toMatch(/^written$|server version mismatch/);
    if (await passwordsChecked()) {
      const refused = await pgDump(urlAs("wrong"), path.join(dir, "dump")).catch(
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/password authentication failed/);
    }
  });

  it("pg_restore gets it in PGPASSWORD too", async () => {
    const calls: Spawned[] = [];
    const file = path.join(dir, "not-a-dump");
    writeFileSync(file, "PGDMP but not really");
    await pgRestore(urlAs(PASSWORD), file, recordingSpawn(calls)).catch(() => undefined);
    expect(calls[0]?.args).toContain("--dbname");
    expect(calls[0]?.args.join(" ")).not.toContain("Dump");
    expect(calls[0]?.env?.PGPASSWORD).toBe(PASSWORD);
  });
});

describe("backup files and folders are private", () => {
  it.each(formats)("writes a %s backup 0600, even over an existing 0644 file", async (format) => {
    const config = testConfig({ DATABASE_URL: databaseUrl });
    const container = buildContainer(config, createLogger(config.LOG_LEVEL));
    const db = container.resolve(DatabaseService);
    await db.start({ migrate: false });
    try {
      const file = path.join(dir, `private-${format}`);
      writeFileSync(file, "old", { mode: 0o644 });
      chmodSync(file, 0o644);
      await container.resolve(BackupService).backup(file, { format });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(file).size).toBeGreaterThan(3);
    } finally {
      await db.close();
      await container.dispose();
    }
  });

  it("creates an empty file 0600 before anything is written", async () => {
    const file = path.join(dir, "fresh");
    await createPrivateFile(file);
    expect(statSync(file)).toMatchObject({ size: 0 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("keeps DATA_DIR/backups at 0700: creates it so, and tightens it when it is looser", async () => {
    const dataDir = path.join(dir, "data");
    const created = await ownBackupFolder(dataDir);
    expect(created).toEqual({ folder: path.join(dataDir, "backups") });
    expect(statSync(created.folder).mode & 0o777).toBe(0o700);
    chmodSync(created.folder, 0o755);
    expect(await ownBackupFolder(dataDir)).toEqual({
      folder: created.folder,
      tightened: `tightened ${created.folder} from 0755 to 0700`,
    });
    expect(statSync(created.folder).mode & 0o777).toBe(0o700);
  });

  it("creates a named file's missing folder 0700, and warns about an existing open one without changing it", async () => {
    const missing = path.join(dir, "new-folder", "backup.wbak.gz");
    expect(await chosenBackupFolder(missing)).toEqual({});
    expect(statSync(path.dirname(missing)).mode & 0o777).toBe(0o700);
    const open = path.join(dir, "open-folder");
    mkdirSync(open);
    chmodSync(open, 0o755);
    expect(await chosenBackupFolder(path.join(open, "backup.dump"))).toEqual({
      warning: `${open} is open to other users (mode 0755); the backup file itself is 0600`,
    });
    expect(statSync(open).mode & 0o777).toBe(0o755);
  });
});
