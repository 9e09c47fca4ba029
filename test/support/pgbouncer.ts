import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

const BINARY = "/usr/sbin/pgbouncer";

/** Debian's PgBouncer in transaction mode in front of one PostgreSQL server, on 127.0.0.1. */
export interface PgBouncer {
  readonly port: number;
  /** `url` with PgBouncer's host and port instead of the server's. */
  pooled(url: string): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** Server connections per database (default 4: fewer than a Warden pool, so clients share them). */
  poolSize?: number;
  /** Called with the child as soon as it is spawned (a test file tracks it so that a failure stops it). */
  track?: (child: ChildProcess) => void;
  /** Where its own folder goes (default: the temp dir). */
  parentDir?: string;
}

/** Whether Debian's PgBouncer is installed here. */
export function pgBouncerInstalled(): boolean {
  return existsSync(BINARY);
}

/**
 * Starts PgBouncer (pool_mode = transaction, a few server connections per database, so clients share
 * them) for every database of the server `serverUrl` names (a wildcard entry), with that URL's user and
 * password, on a free port of 127.0.0.1. PgBouncer refuses to run as root: it runs as `postgres` then, in a
 * folder of its own under the temp dir.
 */
export async function startPgBouncer(serverUrl: string, options: PgBouncerOptions = {}): Promise<PgBouncer> {
  if (!pgBouncerInstalled())
    throw new Error(`PgBouncer is not installed (${BINARY}): apt-get install pgbouncer`);
  const server = new URL(serverUrl);
  const dir = await mkdtemp(path.join(options.parentDir ?? os.tmpdir(), "warden-pgbouncer-"));
  await chmod(dir, 0o777);
  const port = await freePort();
  const target = [
    `host=${server.hostname}`,
    `port=${server.port || "5432"}`,
    `user=${decodeURIComponent(server.username)}`,
    ...(server.password ? [`password=${decodeURIComponent(server.password)}`] : []),
  ].join(" ");
  const ini = path.join(dir, "pgbouncer.ini");
  await writeFile(
    ini,
    [
      "[databases]",
      `* = ${target}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = any",
      "pool_mode = transaction",
      `default_pool_size = ${options.poolSize ?? 4}`,
      "max_client_conn = 500",
      "server_reset_query =",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
    ].join("\n"),
  );
  await chmod(ini, 0o644);
  const asRoot = process.getuid?.() === 0;
  const child = spawn(BINARY, [...(asRoot ? ["-u", "postgres"] : []), ini], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  options.track?.(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForPort(port, child, () => output);
  return {
    port,
    pooled(url) {
      const pooled = new URL(url);
      pooled.hostname = "127.0.0.1";
      pooled.port = String(port);
      return pooled.toString();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`PgBouncer exited (${child.exitCode}): ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`PgBouncer did not listen on ${port}: ${output()}`);
}
