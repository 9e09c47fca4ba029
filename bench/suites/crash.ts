import os from "node:os";
import path from "node:path";
import { runPostgresCrash } from "../../test/support/postgres-crash/crash-scenario";
import type { BenchContext } from "../lib/app";
import { wardenMain } from "../lib/bot-process";
import { progress, type Reporter } from "../lib/output";

/**
 * Issue 10's crash bar: a PostgreSQL server of its own killed with SIGKILL (every process of it) while
 * 200 /warn and 200 /give sent to dist/src/main.js are in flight, restarted 5 s later on the same folder
 * and port, the bot left running. The bench's own database is not involved.
 */
export async function benchCrash(_context: BenchContext, report: Reporter): Promise<void> {
  const result = await runPostgresCrash({
    botArgs: [wardenMain()],
    cwd: path.resolve(wardenMain(), "..", "..", ".."),
    workDir: os.tmpdir(),
  });
  for (const violation of result.violations.slice(0, 20)) progress(`crash: ${violation}`);
  const { warn, give } = result.verdicts;
  const said = (verdicts: typeof warn) =>
    `${verdicts.done} done, ${verdicts.saved} "saved" (number unread), ${verdicts.unavailable} "unavailable", ` +
    `${verdicts.unknown} "may or may not ` +
    `have been saved", ${verdicts.other + verdicts.repeat} other`;
  const answers = `/warn: ${said(warn)}; /give: ${said(give)}`;
  report.emit(
    "crash.answered_ratio",
    result.total === 0 ? 0 : result.answered / result.total,
    "ratio",
    `interactions acknowledged within 3 s / ${result.total} sent (goal 1.0); ${answers}; ` +
      `${result.inFlightAtKill} unanswered when ${result.killedProcesses} PostgreSQL processes were killed; ` +
      `bot ${result.botSurvived ? "the same process throughout" : "DIED"}, exit ${result.botExitCode} on SIGTERM, ` +
      `${result.incidents.length} incidents and ${result.unhandled} unhandled rejections logged`,
  );
  report.emit(
    "crash.integrity_ok",
    result.violations.length === 0 && result.integrity.ok ? 1 : 0,
    "count",
    `${result.violations.length} broken promises (answered done ⇒ recorded once, "unavailable" ⇒ nothing ` +
      `recorded, "may or may not" ⇒ at most once, no pending case, numbers 1..N, points ${result.balances.before} before and ` +
      `${result.balances.after} after, /db integrity ${result.integrity.ok ? "clean" : "NOT clean"}); ` +
      `${result.unknownButSaved} of the "may or may not" answers had been saved; ${result.cases} cases after ` +
      `retrying the warnings answered either way (retries: ${JSON.stringify(result.retried)})`,
  );
}
