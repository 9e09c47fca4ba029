import { readFileSync } from "node:fs";
import path from "node:path";
import { ApplicationCommandOptionType as Option } from "discord.js";
import type { CommandOptionDefinition } from "../../src/bot/commands/definition";
import {
  COMMAND_REFERENCE_FILE,
  currentCommandReference,
  registeredCogs,
} from "../../scripts/command-reference";

const ROOT = path.join(__dirname, "../..");
const committed = (): string => readFileSync(path.join(ROOT, COMMAND_REFERENCE_FILE), "utf8");

/** Undefined when both agree; else what to do, and the first line where they part. */
function staleness(onDisk: string, generated: string): string | undefined {
  if (onDisk === generated) return undefined;
  const disk = onDisk.split("\n");
  const wanted = generated.split("\n");
  const line = wanted.findIndex((text, index) => disk[index] !== text);
  const at = line === -1 ? disk.length : line;
  return [
    `${COMMAND_REFERENCE_FILE} is stale: run npm run docs:commands`,
    `first difference at line ${at + 1}:`,
    `  committed: ${disk[at] ?? "(end of file)"}`,
    `  generated: ${wanted[at] ?? "(end of file)"}`,
  ].join("\n");
}

/** Each `/…` heading of the reference and the text under it, up to the next heading. */
function sections(markdown: string): Map<string, string> {
  const found = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("#")) {
      current?.push(line);
      continue;
    }
    const label = /^#{3,6} `(\/[^`]+)`$/.exec(line)?.[1];
    current = label === undefined ? undefined : [];
    if (label !== undefined && current) found.set(label, current);
  }
  return new Map([...found].map(([label, lines]) => [label, lines.join("\n")]));
}

interface Node {
  label: string;
  /** A (sub)command that runs, with its arguments; undefined for a command or group that only branches. */
  arguments: readonly CommandOptionDefinition[] | undefined;
}

const isBranch = (option: CommandOptionDefinition): boolean =>
  option.type === Option.Subcommand || option.type === Option.SubcommandGroup;

function nodes(label: string, options: readonly CommandOptionDefinition[]): Node[] {
  const branches = options.filter(isBranch);
  if (branches.length === 0) return [{ label, arguments: options }];
  return [
    { label, arguments: undefined },
    ...branches.flatMap((branch) =>
      nodes(
        `${label} ${branch.name}`,
        "options" in branch ? ((branch.options ?? []) as readonly CommandOptionDefinition[]) : [],
      ),
    ),
  ];
}

describe("docs/commands.md", () => {
  it("is what the cogs' definitions give (else: run npm run docs:commands)", () => {
    expect(staleness(committed(), currentCommandReference())).toBeUndefined();
  });

  it("has a section for every registered command, group and subcommand, with each of its options", () => {
    const found = sections(committed());
    const missing = registeredCogs()
      .flatMap((cog) => cog.commands ?? [])
      .flatMap((registration) =>
        nodes(
          `/${registration.definition.name}`,
          (registration.definition.options ?? []) as readonly CommandOptionDefinition[],
        ),
      )
      .flatMap((node) => {
        const section = found.get(node.label);
        if (section === undefined) return [`${node.label}: no section`];
        if (!node.arguments) return [];
        const problems = node.arguments
          .filter((option) => !section.includes(`| \`${option.name}\``))
          .map((option) => `${node.label}: option ${option.name} not listed`);
        if (!section.includes("- **Allowed by Warden**: ")) problems.push(`${node.label}: who is not said`);
        return problems;
      });
    expect(missing).toEqual([]);
    expect(found.size).toBeGreaterThan(0);
  });

  it("is linked from the README, whose Commands summary names every registered command and no other", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const summary = /\n## Commands\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
    const named = new Set([...summary.matchAll(/`\/([a-z0-9_-]+)[^`]*`/g)].map((match) => match[1]));
    const registered = registeredCogs()
      .flatMap((cog) => cog.commands ?? [])
      .map((registration) => registration.definition.name);
    expect({
      linksTheReference: summary.includes("](docs/commands.md)"),
      notNamed: registered.filter((name) => !named.has(name)),
      notRegistered: [...named].filter((name) => name !== undefined && !registered.includes(name)),
    }).toEqual({ linksTheReference: true, notNamed: [], notRegistered: [] });
  });
});
