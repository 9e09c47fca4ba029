import "reflect-metadata";
import { ApplicationCommandOptionType } from "discord.js";
import type { Cog } from "../../src/bot/cog";
import type { ChatInputCommandDefinition } from "../../src/bot/commands/definition";
import { COGS } from "../../src/cogs";
import { buildContainer } from "../../src/container";
import { createLogger } from "../../src/logger";
import { testConfig } from "../support/test-database";
import { ACTION_ROWS, NOT_IN_MATRIX } from "./matrix/action-rows";
import { JOB_ROWS, TASKS_NOT_IN_MATRIX } from "./matrix/job-rows";
import { controlCombos, discordCombos, outageCombos, statementCombos } from "./matrix/run-combo";
import { healthyCombos, jobCombos } from "./matrix/job-phase";

/** "tag create", "config modrole add": every runnable path of a command. */
function commandPaths(definition: ChatInputCommandDefinition): string[] {
  const options = (definition.options ?? []) as ReadonlyArray<{
    type: number;
    name: string;
    options?: unknown;
  }>;
  const nested = options.flatMap((option) => {
    if (option.type === ApplicationCommandOptionType.Subcommand) return [`${definition.name} ${option.name}`];
    if (option.type !== ApplicationCommandOptionType.SubcommandGroup) return [];
    const subcommands = (option.options ?? []) as ReadonlyArray<{ name: string }>;
    return subcommands.map((subcommand) => `${definition.name} ${option.name} ${subcommand.name}`);
  });
  return nested.length > 0 ? nested : [definition.name];
}

const container = buildContainer(testConfig(), createLogger("silent"));
const cogs: Cog[] = COGS.map((cog) => container.resolve<Cog>(cog));
const registered = [
  ...cogs.flatMap((cog) => (cog.commands ?? []).flatMap((command) => commandPaths(command.definition))),
  ...cogs.flatMap((cog) =>
    (cog.components ?? []).map((component) => `${component.kind}:${component.prefix}`),
  ),
  ...cogs.flatMap((cog) => (cog.menus ?? []).map((menu) => `menu "${menu.definition.name}"`)),
];
const tasks = cogs.flatMap((cog) => (cog.tasks ?? []).map((task) => task.name));
const covered = new Set(ACTION_ROWS.flatMap((row) => row.covers));

const counts = {
  actionRows: ACTION_ROWS.length,
  jobRows: JOB_ROWS.length,
  discordCombos: discordCombos(ACTION_ROWS).length,
  statementCombos: statementCombos(ACTION_ROWS).length,
  outageCombos: outageCombos(ACTION_ROWS).length,
  controlCombos: controlCombos(ACTION_ROWS).length,
  jobCombos:
    jobCombos(JOB_ROWS, false).length + jobCombos(JOB_ROWS, true).length + healthyCombos(JOB_ROWS).length,
};

describe(`the fault matrix covers every command and job (${JSON.stringify(counts)})`, () => {
  it("has a row for every command that writes or asks Discord to act, and says why the others have none", () => {
    const missing = registered.filter((path) => !covered.has(path) && !(path in NOT_IN_MATRIX));
    expect(missing).toEqual([]);
  });

  it("lists nothing stale: every row and exception names a registered command, none both", () => {
    const known = new Set(registered);
    expect([...covered, ...Object.keys(NOT_IN_MATRIX)].filter((path) => !known.has(path))).toEqual([]);
    expect([...covered].filter((path) => path in NOT_IN_MATRIX)).toEqual([]);
  });

  it("has a row for every scheduled task, or says why not", () => {
    const rowed = new Set(JOB_ROWS.map((row) => row.task));
    expect(tasks.filter((task) => !rowed.has(task) && !(task in TASKS_NOT_IN_MATRIX))).toEqual([]);
    expect(Object.keys(TASKS_NOT_IN_MATRIX).filter((task) => !tasks.includes(task))).toEqual([]);
  });

  it("tries every step of every row under each Discord fault, a failing statement and an outage", () => {
    for (const row of ACTION_ROWS) {
      expect({ row: row.name, statements: row.statementSteps.length > 0 }).toEqual({
        row: row.name,
        statements: true,
      });
    }
    expect(counts.discordCombos).toBe(ACTION_ROWS.reduce((sum, row) => sum + row.discordSteps.length * 5, 0));
    expect(counts.outageCombos).toBe(ACTION_ROWS.reduce((sum, row) => sum + row.discordSteps.length + 1, 0));
  });
});
