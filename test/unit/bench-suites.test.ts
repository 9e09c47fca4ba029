import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Reporter } from "../../bench/lib/output";
import { runSuites, type Suite } from "../../bench/lib/suites";

function reporter(): { report: Reporter; lines: () => Array<Record<string, unknown>> } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-")), "latest.jsonl");
  const report = new Reporter(file, { write: () => true });
  const lines = () =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { report, lines };
}

describe("npm run bench's suites", () => {
  it("a suite that throws is reported as a line with its error, and every later suite still runs", async () => {
    const { report, lines } = reporter();
    const suites: Array<Suite<null>> = [
      ["first", (_, out) => Promise.resolve(out.emit("first.ms", 1, "ms", "ran"))],
      ["caseWarn", () => Promise.reject(new Error("/warn was answered with callback type 5"))],
      ["rss", (_, out) => Promise.resolve(out.emit("bot.rss_idle_mb", 90, "MB", "ran"))],
    ];
    const failed = await runSuites(suites, null, report);
    expect(failed).toEqual(["caseWarn"]);
    expect(lines()).toEqual([
      { metric: "first.ms", value: 1, unit: "ms", detail: "ran" },
      {
        metric: "bench.suite_failed",
        value: 1,
        unit: "count",
        detail: "caseWarn: /warn was answered with callback type 5",
      },
      { metric: "bot.rss_idle_mb", value: 90, unit: "MB", detail: "ran" },
    ]);
  });

  it("runs only the suites named in BENCH_ONLY", async () => {
    const ran: string[] = [];
    const suite = (name: string): Suite<null> => [name, () => Promise.resolve(void ran.push(name))];
    await runSuites([suite("a"), suite("b"), suite("c")], null, reporter().report, ["a", "c"]);
    expect(ran).toEqual(["a", "c"]);
  });
});
