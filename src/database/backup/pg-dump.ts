import { spawn } from "node:child_process";
import { redactSecrets } from "../../secrets";
import { BackupError } from "../../errors/backup-errors";

export interface ToolAvailability {
  usable: boolean;
  reason: string;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How the tools are started; tests pass a spawn that records what it was given. */
export type Spawn = typeof spawn;

/**
 * A connection URL split for a child process: the URL without its password (a command line is visible to
 * every user through `ps` and /proc), and the password, which goes in the child's PGPASSWORD instead.
 */
export function withoutPassword(url: string): { url: string; password: string | undefined } {
  const parsed = new URL(url);
  const password = parsed.password
    ? decodeURIComponent(parsed.password)
    : (parsed.searchParams.get("password") ?? undefined);
  parsed.password = "";
  parsed.searchParams.delete("password");
  return { url: parsed.toString(), password };
}

function run(
  command: string,
  args: string[],
  password?: string,
  spawnTool: Spawn = spawn,
): Promise<RunResult> {
  const env = password === undefined ? process.env : { ...process.env, PGPASSWORD: password };
  return new Promise((resolve) => {
    const child = spawnTool(command, args, { stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `pg_dump`/`pg_restore` work only when their major version is at least the server's. */
export async function toolAvailability(
  tool: "pg_dump" | "pg_restore",
  serverVersionNum: number,
): Promise<ToolAvailability> {
  const result = await run(tool, ["--version"]);
  const major = /(\d+)(?:\.\d+)?/.exec(result.stdout)?.[1];
  if (result.code !== 0 || major === undefined) return { usable: false, reason: `${tool} is not on PATH` };
  const serverMajor = Math.floor(serverVersionNum / 10_000);
  if (Number(major) < serverMajor)
    return { usable: false, reason: `${tool} ${major} is older than the server (PostgreSQL ${serverMajor})` };
  return { usable: true, reason: `${tool} ${major} for PostgreSQL ${serverMajor}` };
}

async function runOrThrow(
  tool: string,
  args: string[],
  password?: string,
  spawnTool?: Spawn,
): Promise<string> {
  const result = await run(tool, args, password, spawnTool);
  if (result.code !== 0) {
    const line = result.stderr.trim().split("\n")[0] ?? "";
    throw new BackupError(redactSecrets(`${tool} failed: ${line}`));
  }
  return result.stdout;
}

/** `pg_dump -Fc` into `file`; the password travels in PGPASSWORD, never on the command line. */
export async function pgDump(url: string, file: string, spawnTool?: Spawn): Promise<void> {
  const target = withoutPassword(url);
  const args = ["--format=custom", "--no-owner", "--no-acl", "--file", file, "--dbname", target.url];
  await runOrThrow("pg_dump", args, target.password, spawnTool);
}

/** `pg_restore` of `file` in one transaction; the password travels as for pgDump. */
export async function pgRestore(url: string, file: string, spawnTool?: Spawn): Promise<void> {
  const target = withoutPassword(url);
  const args = [
    "--no-owner",
    "--no-acl",
    "--single-transaction",
    "--exit-on-error",
    "--dbname",
    target.url,
    file,
  ];
  await runOrThrow("pg_restore", args, target.password, spawnTool);
}

/** The migration names recorded in a custom-format dump, read from its `migrations` table data. */
export async function dumpedMigrations(file: string): Promise<string[]> {
  const script = await runOrThrow("pg_restore", [
    "--data-only",
    "--table",
    "migrations",
    "--file",
    "-",
    file,
  ]);
  const lines = script.split("\n");
  const start = lines.findIndex((line) => /^COPY \S*migrations \(/.test(line));
  if (start < 0) return [];
  const header = /\((.*)\)/.exec(lines[start] ?? "")?.[1]?.split(", ") ?? [];
  const nameColumn = header.indexOf("name");
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === "\\.") break;
    const name = line.split("\t")[nameColumn];
    if (name !== undefined) names.push(name);
  }
  return names;
}
