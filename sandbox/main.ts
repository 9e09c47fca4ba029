import { runSandbox } from "./run";

const USAGE = "usage: npm run sandbox [-- --script FILE]";

/** `npm run sandbox [-- --script FILE]`: the prompt, or a transcript run without one. */
function parseArguments(argv: readonly string[]): { script?: string } | string {
  const [flag, file, ...rest] = argv;
  if (flag === undefined) return {};
  if (flag.startsWith("--script=") && file === undefined) return { script: flag.slice("--script=".length) };
  if (flag === "--help" || flag === "-h") return USAGE;
  if (flag !== "--script" || file === undefined || rest.length > 0) return `sandbox: ${USAGE}`;
  return { script: file };
}

// `npm run sandbox -- --script demo.txt | head` closes stdout early: finish quietly instead of crashing.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
});

const parsed = parseArguments(process.argv.slice(2));
if (typeof parsed === "string") {
  process.stderr.write(`${parsed}\n`);
  process.exit(parsed === USAGE ? 0 : 2);
}
runSandbox(parsed).then(
  (code) => process.stdout.write("", () => process.exit(code)),
  (error: unknown) => {
    process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
