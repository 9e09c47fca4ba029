import "reflect-metadata";
import path from "node:path";
import { benchLogger, startApp, stopApp, type BenchContext } from "./lib/app";
import { progress, Reporter } from "./lib/output";
import { reportFailure, runSuites, type Suite } from "./lib/suites";
import { provideServer, type BenchServer } from "./lib/server";
import { benchActivityMessages } from "./suites/activity-messages";
import { benchAutomod } from "./suites/automod";
import { benchBackup } from "./suites/backup";
import { benchBotRss } from "./suites/bot-rss";
import { benchRss1kGuilds } from "./suites/rss-1k-guilds";
import { benchBulkUpdate } from "./suites/bulk-update";
import { benchCasesExport } from "./suites/cases-export";
import { benchCasesList } from "./suites/cases-list";
import { benchCaseWarn } from "./suites/case-warn";
import { benchCrash } from "./suites/crash";
import { benchCreateMany } from "./suites/create-many";
import { benchDashboardCases } from "./suites/dashboard-cases";
import { benchEconomyTransfer } from "./suites/economy-transfer";
import { benchFuzz } from "./suites/fuzz";
import { benchGetById } from "./suites/get-by-id";
import { benchInteractionBalance } from "./suites/interaction-balance";
import { benchInteractionPing } from "./suites/interaction-ping";
import { benchPagination } from "./suites/paginate";
import { benchPoolerWarn } from "./suites/pooler-warn";
import { benchScaleWarn } from "./suites/scale-warn";
import { benchStatsScale } from "./suites/stats-scale";
import { benchUpdateByIdStatements } from "./suites/update-by-id";
import { benchWarnLoad } from "./suites/warn-load";

const SUITES: ReadonlyArray<Suite<BenchContext>> = [
  ["getById", benchGetById],
  ["updateById", benchUpdateByIdStatements],
  ["bulkUpdate", benchBulkUpdate],
  ["createMany", benchCreateMany],
  ["paginate", benchPagination],
  ["casesList", benchCasesList],
  ["casesExport", benchCasesExport],
  ["dashboard", benchDashboardCases],
  [
    "interaction",
    async (context, report) => {
      await benchInteractionPing(context, report);
      await benchInteractionBalance(context, report);
    },
  ],
  ["caseWarn", benchCaseWarn],
  ["warnLoad", benchWarnLoad],
  ["pooler", benchPoolerWarn],
  ["scale", benchScaleWarn],
  ["economy", benchEconomyTransfer],
  ["activity", benchActivityMessages],
  ["stats", benchStatsScale],
  ["rss", benchBotRss],
  ["rss1k", benchRss1kGuilds],
  ["backup", benchBackup],
  ["fuzz", benchFuzz],
  ["crash", benchCrash],
  ["automod", benchAutomod],
];

async function main(): Promise<number> {
  const started = performance.now();
  const root = path.resolve(__dirname, "..", "..");
  const report = new Reporter(path.join(root, "bench", "results", "latest.jsonl"));
  const logger = benchLogger();
  let server: BenchServer | undefined;
  let context: BenchContext | undefined;
  const failed: string[] = [];
  try {
    server = await provideServer(logger);
    progress(`database: ${server.kind} (fresh warden_bench)`);
    context = await startApp(server.url, logger);
    const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
    failed.push(...(await runSuites(SUITES, context, report, only)));
  } catch (error) {
    failed.push("setup");
    reportFailure(report, "setup", error);
  } finally {
    if (context) await stopApp(context).catch(() => undefined);
    await server?.stop().catch(() => undefined);
  }
  const took = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  progress(failed.length === 0 ? `done in ${took}` : `done in ${took}; failed: ${failed.join(", ")}`);
  return failed.length === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));
