import { spawn } from "node:child_process";
import { BackupError } from "./format";

export interface ToolAvailability {
  usable: boolean;
  reason: string;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
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

async function runOrThrow(tool: string, args: string[]): Promise<string> {
  const result = await run(tool, args);
  if (result.code !== 0) {
    const line = result.stderr.trim().split("\n")[0] ?? "";
    throw new BackupError(`${tool} failed: ${line}`);
  }
  return result.stdout;
}

export async function pgDump(url: string, file: string): Promise<void> {
  await runOrThrow("pg_dump", ["--format=custom", "--no-owner", "--no-acl", "--file", file, "--dbname", url]);
}

export async function pgRestore(url: string, file: string): Promise<void> {
  await runOrThrow("pg_restore", [
    "--no-owner",
    "--no-acl",
    "--single-transaction",
    "--exit-on-error",
    "--dbname",
    url,
    file,
  ]);
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
