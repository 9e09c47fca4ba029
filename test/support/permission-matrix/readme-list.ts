import type { EntryPoint } from "./entry-points";
import { MEMBER_KINDS, type MemberKind } from "./member-kinds";

export const README_START =
  "<!-- permission-matrix:start (generated from test/e2e/permission-matrix.expectations.ts) -->";
export const README_END = "<!-- permission-matrix:end -->";

const PHRASES: Record<MemberKind, string> = {
  "no permissions": "any member",
  "Manage Server": "Manage Server",
  "Timeout Members": "Timeout Members",
  "Kick Members": "Kick Members",
  "Ban Members": "Ban Members",
  "moderator role": "a moderator role",
  Administrator: "Administrator",
  "server owner": "the server owner",
  "bot owner": "the bot's owners (`OWNER_IDS`)",
  "demoted moderator": "a demoted moderator",
  "withdrawn moderator role": "a former moderator role",
};

/** The order kinds are named in: the permissions first, then what stands in for them. */
const NAMING_ORDER = Object.keys(PHRASES) as MemberKind[];

function who(kinds: readonly MemberKind[]): string {
  if (MEMBER_KINDS.every((kind) => kinds.includes(kind))) return "Everyone";
  const phrases = NAMING_ORDER.filter((kind) => kinds.includes(kind)).map((kind) => PHRASES[kind]);
  const text =
    phrases.length > 1 ? `${phrases.slice(0, -1).join(", ")} or ${phrases.at(-1)}` : phrases.join("");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `/case show`, `/case reason` → `/case show|reason`: paths of one command, their common words once. */
function collapse(paths: readonly string[]): string[] {
  const byCommand = new Map<string, string[][]>();
  for (const path of paths) {
    const words = path.split(" ");
    const command = words[0] ?? "";
    byCommand.set(command, [...(byCommand.get(command) ?? []), words]);
  }
  return [...byCommand.values()].map((all) => {
    const first = all[0] ?? [];
    let common = 0;
    while (common < first.length - 1 && all.every((words) => words[common] === first[common])) common += 1;
    const rest = [...new Set(all.map((words) => words.slice(common).join(" ")))];
    return `\`${[...first.slice(0, common), rest.join("|")].join(" ").trim()}\``;
  });
}

function what(entries: readonly EntryPoint[]): string {
  const commands = entries.flatMap((entry) => (entry.type === "command" ? [entry.id] : []));
  const suggested = entries.flatMap((entry) =>
    entry.type === "autocomplete" ? [`/${entry.leaf.path.join(" ")}`] : [],
  );
  const components = entries.flatMap((entry) =>
    entry.type === "component" && entry.component.kind === "component"
      ? [`/${entry.component.policy.checkedAs.join(" ")}`]
      : [],
  );
  const modals = entries.flatMap((entry) =>
    entry.type === "component" && entry.component.kind === "modal"
      ? [`/${entry.component.policy.checkedAs.join(" ")}`]
      : [],
  );
  const menus = entries.flatMap((entry) =>
    entry.type === "menu" ? [`"${entry.menu.definition.name}"`] : [],
  );
  const parts = [collapse(commands).join(", ")];
  if (menus.length > 0) parts.push(`the ${menus.join(", ")} menu${menus.length === 1 ? "" : "s"}`);
  if (modals.length > 0) parts.push(`the forms of ${collapse(modals).join(", ")}`);
  if (components.length > 0) parts.push(`the buttons of ${collapse(components).join(", ")}`);
  if (suggested.length > 0) parts.push(`suggestions for ${collapse(suggested).join(", ")}`);
  return parts.filter((part) => part !== "").join("; ");
}

/** The README's who-may-use-what list: one line per set of member kinds, in the table's order. */
export function whoMayUseWhat(
  expected: Readonly<Record<string, readonly MemberKind[]>>,
  entries: readonly EntryPoint[],
): string {
  const groups = new Map<string, { kinds: readonly MemberKind[]; entries: EntryPoint[] }>();
  for (const entry of entries) {
    const kinds = expected[entry.id] ?? [];
    const key = MEMBER_KINDS.filter((kind) => kinds.includes(kind)).join(",");
    const group = groups.get(key) ?? { kinds, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  const lines = [...groups.values()].map((group) => `- **${who(group.kinds)}**: ${what(group.entries)}.`);
  const cells = entries.length * MEMBER_KINDS.length;
  const count = `Checked by the permission matrix: ${entries.length} entry points × ${MEMBER_KINDS.length} kinds of member = ${cells} cases.`;
  return [README_START, "", ...lines, "", count, README_END].join("\n");
}
