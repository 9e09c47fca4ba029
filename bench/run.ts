import "reflect-metadata";
import path from "node:path";
import { benchLogger, startApp, stopApp, type BenchContext } from "./lib/app";
import { progress, Reporter } from "./lib/output";
import { provideServer, type BenchServer } from "./lib/server";
import { benchActivityMessages } from "./suites/activity-messages";
import { benchBackup } from "./suites/backup";
import { benchBotRss } from "./suites/bot-rss";
import { benchBulkUpdate } from "./suites/bulk-update";
import { benchCasesList } from "./suites/cases-list";
import { benchCaseWarn } from "./suites/case-warn";
import { benchCrash } from "./suites/crash";
import { benchCreateMany } from "./suites/create-many";
import { benchEconomyTransfer } from "./suites/economy-transfer";
import { benchFuzz } from "./suites/fuzz";
import { benchGetById } from "./suites/get-by-id";
import { benchInteractionPing } from "./suites/interaction-ping";
import { benchPagination } from "./suites/paginate";
import { benchUpdateByIdStatements } from "./suites/update-by-id";

const SUITES: Array<[string, (context: BenchContext, report: Reporter) => Promise<void>]> = [
  ["getById", benchGetById],
  ["updateById", benchUpdateByIdStatements],
  ["bulkUpdate", benchBulkUpdate],
  ["createMany", benchCreateMany],
  ["paginate", benchPagination],
  ["casesList", benchCasesList],
  ["interaction", benchInteractionPing],
  ["caseWarn", benchCaseWarn],
  ["economy", benchEconomyTransfer],
  ["activity", benchActivityMessages],
  ["rss", benchBotRss],
  ["backup", benchBackup],
  ["fuzz", benchFuzz],
  ["crash", benchCrash],
];

async function main(): Promise<number> {
  const started = performance.now();
  const root = path.resolve(__dirname, "..", "..");
  const report = new Reporter(path.join(root, "bench", "results", "latest.jsonl"));
  const logger = benchLogger();
  let server: BenchServer | undefined;
  let context: BenchContext | undefined;
  try {
    server = await provideServer(logger);
    progress(`database: ${server.kind} (fresh warden_bench)`);
    context = await startApp(server.url, logger);
    const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
    for (const [name, suite] of SUITES) {
      if (only && !only.includes(name)) continue;
      progress(`suite ${name}`);
      await suite(context, report);
    }
    progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  } finally {
    if (context) await stopApp(context).catch(() => undefined);
    await server?.stop().catch(() => undefined);
  }
}

void main().then((code) => process.exit(code));
