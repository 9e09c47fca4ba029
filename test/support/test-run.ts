import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";

/**
 * One jest run's identity: `wt_<host>_<pid>_<random>`, where host is a hash of this machine's hostname and
 * pid the jest main process. Every database and folder a run makes carries it, so runs on one machine (or on
 * one external server) never touch each other's, and a later run can tell a dead run's leftovers by its pid.
 */
export interface RunId {
  readonly value: string;
  readonly host: string;
  readonly pid: number;
}

const RUN_ID = /^wt_([0-9a-f]{6})_(\d+)_([0-9a-f]{4})$/;
/** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1), which would silently merge names. */
const MAX_IDENTIFIER = 63;

export const HOST_TAG = createHash("sha256").update(os.hostname()).digest("hex").slice(0, 6);

export function newRunId(): string {
  return `wt_${HOST_TAG}_${process.pid}_${randomBytes(2).toString("hex")}`;
}

export function parseRunId(value: string): RunId | undefined {
  const match = RUN_ID.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  return { value, host: match[1], pid: Number(match[2]) };
}

/** The run id of a database or folder name that starts with one (`<runId>_…` or `warden-test-<runId>-…`). */
export function runIdIn(name: string): RunId | undefined {
  const match = /^(?:warden-test-)?(wt_[0-9a-f]{6}_\d+_[0-9a-f]{4})[-_]/.exec(name);
  return match?.[1] ? parseRunId(match[1]) : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, owned by another user
  }
}

/**
 * Whether leftovers of `run` may be removed: only a run started on this machine whose jest process is gone.
 * (A reused pid keeps a dead run's leftovers until that process ends too: never the other way round.)
 */
export function isDeadRun(run: RunId): boolean {
  return run.host === HOST_TAG && !isAlive(run.pid);
}

/** The run's migrated database that `createDatabase(name, { migrated: true })` copies. */
export const TEMPLATE = "template";

/** The current run's id, handed to workers by globalSetup through the environment. */
export function currentRunId(): string {
  const value = process.env.WARDEN_TEST_RUN_ID;
  if (!value)
    throw new Error("WARDEN_TEST_RUN_ID is unset: run tests through jest (globalSetup provides it)");
  return value;
}

/** A database name private to this run: callers keep passing short names such as `warden_e2e_tags_w1`. */
export function runDatabaseName(name: string, runId = currentRunId()): string {
  const full = `${runId}_${name}`;
  if (Buffer.byteLength(full) > MAX_IDENTIFIER || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(
      `test database name "${name}" must be lowercase letters, digits and _, and at most ` +
        `${MAX_IDENTIFIER - runId.length - 1} characters (the run id takes the rest)`,
    );
  }
  return full;
}

/**
 * A folder inside this run's own folder (the workers' TMPDIR, removed with the run), per jest worker:
 * e.g. the DATA_DIR of an embedded server a test did not place itself. Refuses to hand out a shared path.
 */
export function runScratchDir(name: string): string {
  const runFolder = os.tmpdir();
  if (!path.basename(runFolder).startsWith(`warden-test-${currentRunId()}-`))
    throw new Error(`TMPDIR (${runFolder}) is not this run's folder: run tests through jest`);
  return path.join(runFolder, `${name}-w${process.env.JEST_WORKER_ID ?? "0"}`);
}
