/**
 * A jest reporter that ends the run with one line per failed test (file, title, first line of the error),
 * so the end of a long CI log says everything that failed, however much output came before it.
 */
class FailureSummaryReporter {
  onRunComplete(_contexts, results) {
    const lines = [];
    for (const file of results.testResults) {
      const where = file.testFilePath.replace(`${process.cwd()}/`, "");
      if (file.testExecError) lines.push(`${where}: ${firstLine(file.testExecError.message)}`);
      for (const test of file.testResults) {
        if (test.status !== "failed") continue;
        lines.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages[0] ?? "")}`);
      }
    }
    if (lines.length === 0) return;
    console.log(`\nFailed (${lines.length}):`);
    for (const line of lines) console.log(`  ${line}`);
  }
}

// eslint-disable-next-line no-control-regex -- jest's messages carry ANSI colour codes
const ANSI = /\u001b\[[0-9;]*m/g;

const firstLine = (text) =>
  (
    text
      .replace(ANSI, "")
      .split("\n")
      .find((line) => line.trim()) ?? ""
  )
    .trim()
    .slice(0, 300);

module.exports = FailureSummaryReporter;
