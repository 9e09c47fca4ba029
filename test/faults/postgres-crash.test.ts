import path from "node:path";
import { runPostgresCrash } from "../support/postgres-crash/crash-scenario";

const root = path.resolve(__dirname, "..", "..");

/**
 * Issue 10's bar: PostgreSQL killed with SIGKILL while 200 /warn and 200 /give are in flight, restarted 5 s
 * later on the same folder and port, the bot (a real child process) left alone.
 */
describe("PostgreSQL killed mid-load", () => {
  it("answers every interaction, keeps every promise it made, and never restarts the bot", async () => {
    const report = await runPostgresCrash({
      botArgs: ["-r", "./test/support/swc-register.js", "src/main.ts"],
      cwd: root,
      workDir: process.env.TMPDIR ?? "/tmp",
    });
    // A bot that died answers nothing more, which would otherwise show as hundreds of violations.
    expect(report.botSurvived).toBe(true);
    expect({ violations: report.violations, incidents: report.incidents }).toEqual({
      violations: [],
      incidents: [],
    });
    expect(report.answered).toBe(report.total);
    // The crash did hit work in flight, and work that came while the server was down.
    expect(report.inFlightAtKill).toBeGreaterThan(0);
    expect(report.verdicts.warn.unavailable + report.verdicts.give.unavailable).toBeGreaterThan(0);
    expect(report.unhandled).toBe(0);
    expect(report.botExitCode).toBe(0);
    expect(report.balances.after).toBe(report.balances.before);
    expect(report.integrity.ok).toBe(true);
  }, 240_000);
});
