import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Client } from "pg";
import { eventually } from "./eventually";
import { isAlive, isDeadRun, runIdIn } from "./test-run";

/**
 * Cleaning up after runs that could not clean up themselves (Ctrl-C, a killed jest): at the start of every
 * run, whatever a dead run of this machine left is removed (see `isDeadRun`).
 */

/** The pid of a live postmaster serving `clusterDir`, checked against its command line where /proc exists. */
function livePostmaster(clusterDir: string): number | undefined {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync("/proc/self/cmdline")) {
    // A reused pid is some other process: only a postgres started on this very folder is ours to stop.
    const command = existsSync(cmdline) ? readFileSync(cmdline, "utf8").split("\0") : [];
    if (!command.some((part) => path.resolve(part) === path.resolve(clusterDir))) return undefined;
  }
  return pid;
}

/** The cluster folders (holding a postmaster.pid) under `dir`, a few levels deep. */
function clusterDirs(dir: string, depth = 4): string[] {
  if (depth < 0) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found = entries.some((entry) => entry.name === "postmaster.pid") ? [dir] : [];
  for (const entry of entries) {
    if (entry.isDirectory()) found.push(...clusterDirs(path.join(dir, entry.name), depth - 1));
  }
  return found;
}

/** Stops every embedded PostgreSQL still running from a folder under `dir` (fast shutdown, then SIGKILL). */
export async function stopPostmastersUnder(dir: string): Promise<number> {
  let stopped = 0;
  for (const cluster of clusterDirs(dir)) {
    const pid = livePostmaster(cluster);
    if (pid === undefined) continue;
    process.kill(pid, "SIGINT");
    try {
      await eventually(() => !isAlive(pid), 15_000, `PostgreSQL ${pid} to stop`);
    } catch {
      process.kill(pid, "SIGKILL");
    }
    stopped += 1;
  }
  return stopped;
}

/**
 * Stops the run's PgBouncer (TEST_DATABASE_POOLER=1) left running from a `warden-pgbouncer-…` folder right
 * under `dir`: a killed jest never stops it. Only a pgbouncer started on that folder's ini is ours to stop.
 */
export function stopPgBouncersUnder(dir: string): number {
  let stopped = 0;
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.startsWith("warden-pgbouncer-"));
  } catch {
    return stopped;
  }
  for (const name of names) {
    let pid: number;
    try {
      pid = Number(readFileSync(path.join(dir, name, "pgbouncer.pid"), "utf8").trim());
    } catch {
      continue;
    }
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) continue;
    const ini = path.join(dir, name, "pgbouncer.ini");
    const cmdline = `/proc/${pid}/cmdline`;
    const command = existsSync(cmdline) ? readFileSync(cmdline, "utf8").split("\0") : [];
    if (!command.includes(ini)) continue;
    process.kill(pid, "SIGTERM");
    stopped += 1;
  }
  return stopped;
}

/** Removes the run folders (`warden-test-<runId>-…`) in `tmp` that dead runs of this machine left. */
export async function sweepRunFolders(tmp: string): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return removed;
  }
  for (const name of names) {
    const run = name.startsWith("warden-test-") ? runIdIn(name) : undefined;
    if (!run || !isDeadRun(run)) continue;
    const folder = path.join(tmp, name);
    await stopPostmastersUnder(folder);
    stopPgBouncersUnder(folder);
    rmSync(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

/** Drops the databases (`<runId>_…`) that dead runs of this machine left on a shared server. */
export async function sweepRunDatabases(admin: Client): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname ~ '^wt_[0-9a-f]{6}_[0-9]+_[0-9a-f]{4}_'",
  );
  const dropped: string[] = [];
  for (const { datname } of rows) {
    const run = runIdIn(datname);
    if (!run || !isDeadRun(run)) continue;
    // Another run may be sweeping the same leftovers right now: whoever drops it first wins.
    await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).then(
      () => dropped.push(datname),
      () => undefined,
    );
  }
  return dropped;
}

/** Drops every database of one run (at its end, on a server that outlives it). */
export async function dropRunDatabases(admin: Client, runId: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
    [`${runId}_`],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}
