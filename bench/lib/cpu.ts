import { readdir, readFile } from "node:fs/promises";

/**
 * CPU time process `pid` has used so far, in ms: the sum over its threads (the main thread, libuv's pool,
 * V8's GC and compiler threads) of the run time in /proc/<pid>/task/<tid>/schedstat, which the scheduler
 * keeps in nanoseconds. /proc/<pid>/stat would give the same total in ticks of 10 ms, too coarse for blocks
 * of 100 interactions costing under a millisecond each.
 */
export async function processCpuMs(pid: number): Promise<number> {
  const threads = await readdir(`/proc/${pid}/task`);
  const runNs = await Promise.all(threads.map((tid) => threadRunNs(pid, tid)));
  return runNs.reduce((sum, ns) => sum + ns, 0) / 1e6;
}

async function threadRunNs(pid: number, tid: string): Promise<number> {
  try {
    const [onCpuNs] = (await readFile(`/proc/${pid}/task/${tid}/schedstat`, "utf8")).split(" ");
    const value = Number(onCpuNs);
    if (!Number.isFinite(value)) throw new Error(`/proc/${pid}/task/${tid}/schedstat is unreadable`);
    return value;
  } catch (error) {
    // A thread that ended between readdir and readFile: its time is no longer counted anywhere.
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" ||
      (error as NodeJS.ErrnoException).code === "ESRCH"
    )
      return 0;
    throw error;
  }
}

/** Runs `work` and resolves with its result and the CPU time process `pid` used meanwhile, in ms. */
export async function cpuDuring<R>(pid: number, work: () => Promise<R>): Promise<[R, number]> {
  const before = await processCpuMs(pid);
  const result = await work();
  return [result, (await processCpuMs(pid)) - before];
}
