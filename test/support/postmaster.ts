import { readFileSync } from "node:fs";
import path from "node:path";
import { eventually } from "./eventually";
import { isAlive } from "./test-run";

/** The pid and port of the embedded PostgreSQL server running in `dataDir` (from its postmaster.pid). */
export function postmaster(dataDir: string): { pid: number; port: number } {
  const lines = readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n");
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/** Stops that server from outside the bot (PostgreSQL's fast shutdown) and waits until it is gone. */
export async function stopPostmaster(dataDir: string): Promise<{ port: number }> {
  const server = postmaster(dataDir);
  process.kill(server.pid, "SIGINT");
  await eventually(() => !isAlive(server.pid), 15_000, "PostgreSQL to stop");
  return { port: server.port };
}
