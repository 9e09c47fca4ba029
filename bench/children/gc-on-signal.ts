import { appendFileSync, writeFileSync } from "node:fs";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";

/**
 * Preloaded into a bot child (`node --expose-gc -r gc-on-signal.js …`) by memory benchmarks: SIGUSR2 runs
 * full collections until the heap stops shrinking, so resident memory is read after the same forced settle
 * in every contender rather than whenever V8 happened to collect. For finding out what grew: with MEMORY_REPORT_FILE set it writes there
 * where the memory is after that collection (process.memoryUsage() and V8's heap spaces), with
 * HEAP_SNAPSHOT_FILE a heap snapshot, and with MEMORY_TIMELINE_FILE it appends a line every 250 ms.
 */
const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

function oldSpace(): { sizeMb: number; usedMb: number } {
  const old = getHeapSpaceStatistics().find((space) => space.space_name === "old_space");
  return { sizeMb: mib(old?.space_size ?? 0), usedMb: mib(old?.space_used_size ?? 0) };
}

/** Full collections 250 ms apart (sweeping finishes in between), until the heap stops shrinking. */
const SETTLE_COLLECTIONS = 5;
const SETTLE_GAP_MS = 250;

function settle(collect: () => void, done: (collections: number) => void, collections = 0): void {
  const before = process.memoryUsage().heapTotal;
  collect();
  setTimeout(() => {
    const shrunk = before - process.memoryUsage().heapTotal;
    if (collections + 1 < SETTLE_COLLECTIONS && shrunk >= 2 ** 20) settle(collect, done, collections + 1);
    else done(collections + 1);
  }, SETTLE_GAP_MS);
}

function report(collections: number): void {
  const reportFile = process.env.MEMORY_REPORT_FILE;
  if (reportFile) {
    const spaces = getHeapSpaceStatistics().map((space) => ({
      name: space.space_name,
      sizeMb: mib(space.space_size),
      usedMb: mib(space.space_used_size),
    }));
    const usage = Object.fromEntries(
      Object.entries(process.memoryUsage()).map(([name, bytes]) => [name, mib(bytes)]),
    );
    writeFileSync(reportFile, JSON.stringify({ collections, usage, spaces }, null, 1));
  }
  const snapshotFile = process.env.HEAP_SNAPSHOT_FILE;
  if (snapshotFile) writeHeapSnapshot(snapshotFile);
}

const collect = (globalThis as { gc?: () => void }).gc;
// One collection right after a burst leaves the old generation as fragmented as the burst made it: V8
// compacts a bounded amount per collection, so a heap of sparse pages takes a few to settle, as it would
// over the following minutes of a running bot. Every contender gets the same settle.
if (collect) process.on("SIGUSR2", () => settle(collect, report));

const timelineFile = process.env.MEMORY_TIMELINE_FILE;
if (timelineFile) {
  const started = Date.now();
  setInterval(() => {
    const { rss, heapTotal, heapUsed } = process.memoryUsage();
    const old = oldSpace();
    appendFileSync(
      timelineFile,
      `${Date.now() - started} ms: rss ${mib(rss)} heap ${mib(heapTotal)} used ${mib(heapUsed)} ` +
        `old ${old.sizeMb} used ${old.usedMb} MiB\n`,
    );
  }, 250).unref();
}
