import { readdirSync, readFileSync } from "node:fs";
import { eventually } from "../eventually";
import { postmaster } from "../postmaster";

/** Running, not merely a zombie waiting for its parent (or init) to collect it. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The processes whose parent is `pid` (PostgreSQL's backends and helpers of a postmaster). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/**
 * Kills the PostgreSQL server of `dataDir` the way a crash (or the OOM killer) would: SIGKILL to the
 * postmaster and every backend at once, so no process gets to finish a transaction or shut down cleanly.
 * Killing the postmaster alone would leave its backends running (PostgreSQL refuses to restart on that
 * folder until they exit), which is not a crash of the server. Resolves once all are gone.
 */
export async function killPostgres(dataDir: string): Promise<{ pid: number; port: number; killed: number }> {
  const server = postmaster(dataDir);
  const victims = [server.pid, ...childrenOf(server.pid)];
  process.kill(server.pid, "SIGSTOP"); // no new backends while the list is read and killed
  const all = [server.pid, ...new Set([...victims, ...childrenOf(server.pid)])];
  for (const pid of all) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await eventually(() => all.every((pid) => !isAlive(pid)), 15_000, "every PostgreSQL process to die");
  return { ...server, killed: new Set(all).size };
}
