import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Cog } from "../src/bot/cog";
import { renderCommandReference } from "../src/bot/commands/reference/render";
import { COGS } from "../src/cogs";
import { loadConfig } from "../src/config";
import { buildContainer } from "../src/container";
import { createLogger } from "../src/logger";

/** Where the reference lives, from the repository's root. */
export const COMMAND_REFERENCE_FILE = path.join("docs", "commands.md");

/**
 * The cogs as the bot loads them (src/cogs/index.ts, resolved by the container), built from an empty
 * environment: constructing a cog connects to nothing, and no definition depends on the environment.
 */
export function registeredCogs(): Cog[] {
  const container = buildContainer(loadConfig({}), createLogger("silent"));
  return COGS.map((cogClass) => container.resolve<Cog>(cogClass));
}

export function currentCommandReference(): string {
  return renderCommandReference(registeredCogs());
}

/** `npm run docs:commands` writes docs/commands.md; with `--check` it only says whether it is stale. */
function main(argv: readonly string[]): number {
  const file = path.resolve(process.cwd(), COMMAND_REFERENCE_FILE);
  const wanted = currentCommandReference();
  if (argv.includes("--check")) {
    const stale = readFileSafe(file) !== wanted;
    process.stdout.write(stale ? `${COMMAND_REFERENCE_FILE} is stale: run npm run docs:commands\n` : "");
    return stale ? 1 : 0;
  }
  writeFileSync(file, wanted);
  process.stdout.write(`wrote ${COMMAND_REFERENCE_FILE}\n`);
  return 0;
}

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
