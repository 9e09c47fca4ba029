import { ApplicationCommandOptionType as Option } from "discord.js";
import type { Cog } from "../../cog";
import type { CommandOptionDefinition } from "../definition";
import type { CommandRegistration } from "../registration";
import { DATABASE_WORDS, leafAccess, listedForWords, onlyInServers, placeWords } from "./access-words";
import { Anchors, code, table, text } from "./markdown";
import { isRequired, limitWords, typeWords } from "./option-words";
import { INTRODUCTION, TITLE } from "./introduction";

/** What the reference reads of a cog: the list in src/cogs/index.ts, resolved, provides exactly this. */
export type ReferenceCog = Pick<Cog, "name" | "database" | "commands">;

const isBranch = (option: CommandOptionDefinition): boolean =>
  option.type === Option.Subcommand || option.type === Option.SubcommandGroup;

function children(option: CommandOptionDefinition): readonly CommandOptionDefinition[] {
  return "options" in option && option.options ? (option.options as readonly CommandOptionDefinition[]) : [];
}

const bullet = (label: string, value: string): string => `- **${label}**: ${value}`;

function optionsTable(options: readonly CommandOptionDefinition[]): string {
  if (options.length === 0) return "No options.";
  const rows = options.map((option) => [
    code(option.name),
    typeWords(option),
    isRequired(option) ? "yes" : "no",
    limitWords(option),
    text(option.description),
  ]);
  return table(["option", "type", "required", "limits", "description"], rows);
}

/** Renders one command and, depth first, its groups and subcommands, each under its own heading. */
class CommandSection {
  private readonly blocks: string[] = [];
  readonly label: string;
  readonly anchor: string;
  /** How many things can be run: the command itself, or each of its subcommands. */
  leaves = 0;

  constructor(
    private readonly registration: CommandRegistration,
    private readonly anchors: Anchors,
  ) {
    const definition = registration.definition;
    this.label = `/${definition.name}`;
    this.anchor = this.heading(3, [definition.name], definition.description);
    const about = [
      bullet("Where", placeWords(definition)),
      bullet("Listed by Discord for", listedForWords(definition)),
    ];
    const options = (definition.options ?? []) as readonly CommandOptionDefinition[];
    if (options.some(isBranch)) {
      this.blocks.push(about.join("\n"));
      this.branches(options, [], 3);
    } else {
      this.leaf(options, [], about);
    }
  }

  text(): string {
    return this.blocks.join("\n\n");
  }

  private heading(level: number, path: readonly string[], description: string): string {
    const label = `/${path.join(" ")}`;
    this.blocks.push(`${"#".repeat(level)} ${code(label)}`, text(description));
    return this.anchors.take(label);
  }

  private branches(
    options: readonly CommandOptionDefinition[],
    path: readonly string[],
    level: number,
  ): void {
    for (const option of options.filter(isBranch)) {
      const nested = [...path, option.name];
      this.heading(level + 1, [this.registration.definition.name, ...nested], option.description);
      const inner = children(option);
      if (inner.some(isBranch)) this.branches(inner, nested, level + 1);
      else this.leaf(inner, nested, []);
    }
  }

  private leaf(options: readonly CommandOptionDefinition[], path: readonly string[], about: string[]): void {
    const access = leafAccess(this.registration, path);
    const lines = [...about, bullet("Allowed by Warden", access.who)];
    if (access.needsServer && !onlyInServers(this.registration.definition)) {
      lines.push(bullet("Works", "in servers only: elsewhere Warden refuses it, its check needs a server"));
    }
    if (access.botNeeds) lines.push(bullet("Warden needs", `${access.botNeeds} in the channel`));
    this.blocks.push(lines.join("\n"), optionsTable(options));
    this.leaves += 1;
  }
}

/**
 * The command reference (docs/commands.md) for these cogs: every command, group and subcommand with its
 * options, where it works and who may use it, grouped by cog in load order. Reads the English names and
 * descriptions only; the same cogs always give the same text.
 */
export function renderCommandReference(cogs: readonly ReferenceCog[]): string {
  const anchors = new Anchors();
  anchors.take(TITLE);
  anchors.take("Contents");
  const contents: string[] = [];
  const sections: string[] = [];
  let commands = 0;
  let leaves = 0;
  for (const cog of cogs) {
    const registrations = cog.commands ?? [];
    if (registrations.length === 0) continue;
    const title = `${code(cog.name)} cog`;
    const cogAnchor = anchors.take(`${cog.name} cog`);
    const rendered = registrations.map((registration) => new CommandSection(registration, anchors));
    const links = rendered.map((section) => `[${code(section.label)}](#${section.anchor})`);
    contents.push(`- [${title}](#${cogAnchor}): ${links.join(", ")}`);
    sections.push(`## ${title}`, DATABASE_WORDS[cog.database], ...rendered.map((section) => section.text()));
    commands += registrations.length;
    leaves += rendered.reduce((sum, section) => sum + section.leaves, 0);
  }
  const count = `${commands} commands, ${leaves} that can be run (a command, or each of its subcommands).`;
  return (
    [`# ${TITLE}`, ...INTRODUCTION, count, "## Contents", contents.join("\n"), ...sections].join("\n\n") +
    "\n"
  );
}
