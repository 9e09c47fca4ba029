import { readFile } from "node:fs/promises";

/** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms on every x86-64 and arm64 kernel. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) process `pid` has used so far, in ms, from /proc/<pid>/stat. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) throw new Error(`/proc/${pid}/stat is unreadable`);
  return ((user + system) * 1000) / TICKS_PER_SECOND;
}

/** Runs `work` and resolves with its result and the CPU time process `pid` used meanwhile, in ms. */
export async function cpuDuring<R>(pid: number, work: () => Promise<R>): Promise<[R, number]> {
  const before = await processCpuMs(pid);
  const result = await work();
  return [result, (await processCpuMs(pid)) - before];
}
