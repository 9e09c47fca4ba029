import { processesField, shardRanges, type ProcessFacts } from "../../../src/cogs/core/processes-field";
import type { LiveProcess } from "../../../src/controllers/process-boot-controller";
import { translator } from "../../../src/i18n/translator";

const NOW = Date.parse("2026-12-02T12:00:00Z");
const facts: ProcessFacts = { version: "1.4.0", schema: "Latest1", now: NOW, lateAfterMs: 40_000 };
const t = translator("en");

function live(index: number, changes: Partial<LiveProcess> = {}): LiveProcess {
  return {
    id: `boot-${index}`,
    host: `pod-${index}`,
    pid: 100 + index,
    startedAt: new Date(NOW - 3_600_000),
    lastSeenAt: new Date(NOW - 5_000),
    shardIds: [index],
    version: "1.4.0",
    schemaVersion: "Latest1",
    ...changes,
  };
}

describe("the owners' process list in /about", () => {
  it("writes runs of shards as ranges", () => {
    expect(shardRanges([0, 1, 2, 3, 7, 9, 10])).toBe("0–3, 7, 9–10");
    expect(shardRanges([5])).toBe("5");
  });

  it("lists each live process with its shards, version and last heartbeat", () => {
    const field = processesField(
      t,
      { processes: [live(0), live(1, { shardIds: [1, 2, 3] })], total: 2 },
      facts,
    );
    expect(field.name).toBe("Processes (2 live)");
    expect(field.value.split("\n")).toEqual([
      "`pod-0` pid 100 · shards 0 · 1.4.0 · seen 5s ago",
      "`pod-1` pid 101 · shards 1–3 · 1.4.0 · seen 5s ago",
    ]);
  });

  it("marks an outdated build, an older schema and a late heartbeat", () => {
    const processes = [
      live(0, { version: "1.3.9" }),
      live(1, { schemaVersion: "Older1" }),
      live(2, { lastSeenAt: new Date(NOW - 60_000) }),
      live(3, { shardIds: null }),
    ];
    const lines = processesField(t, { processes, total: 4 }, facts).value.split("\n");
    expect(lines[0]).toMatch(/· \*\*another version\*\*$/);
    expect(lines[1]).toMatch(/· \*\*another schema\*\*$/);
    expect(lines[2]).toMatch(/seen 1m ago · \*\*heartbeat late\*\*$/);
    expect(lines[3]).toContain("shards ?");
    expect(lines[3]).not.toContain("**");
  });

  it("stays within an embed field, saying how many more there are", () => {
    const processes = Array.from({ length: 20 }, (_, index) =>
      live(index, { host: `pod-${"x".repeat(40)}-${index}` }),
    );
    const field = processesField(t, { processes, total: 64 }, facts);
    expect(field.value.length).toBeLessThanOrEqual(1024);
    const lines = field.value.split("\n");
    const listed = lines.length - 1;
    expect(lines.at(-1)).toBe(`…and ${64 - listed} more`);
  });

  it("says so when the database cannot be read", () => {
    expect(processesField(t, undefined, facts).value).toBe("unknown (database unavailable)");
  });
});
