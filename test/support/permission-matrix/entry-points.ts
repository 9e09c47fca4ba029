import { ApplicationCommandOptionType as Option } from "discord.js";
import type { Cog } from "../../../src/bot/cog";
import type { CommandOptionDefinition } from "../../../src/bot/commands/definition";
import type { MenuRegistration } from "../../../src/bot/commands/menu";
import type { CommandRegistration, ComponentRegistration } from "../../../src/bot/commands/registration";
import { handlerAt } from "../../../src/bot/commands/resolve";

/** A (sub)command as it is invoked: `["config", "modrole", "add"]` and the options it takes. */
export interface CommandLeaf {
  path: readonly [string, ...string[]];
  options: readonly CommandOptionDefinition[];
  /** The command's `default_member_permissions`: Discord hides it from members without them. */
  discordDefault: string | null;
}

/** Something a member can send the bot, each one a row of the permission matrix. */
export type EntryPoint =
  | { id: string; type: "command"; leaf: CommandLeaf }
  | { id: string; type: "autocomplete"; leaf: CommandLeaf; focused: string }
  | { id: string; type: "component"; component: ComponentRegistration }
  | { id: string; type: "menu"; menu: MenuRegistration };

/** `menu "Warn"`: how a context menu is named in the matrix. */
export const menuId = (name: string): string => `menu "${name}"`;

const isBranch = (option: CommandOptionDefinition): boolean =>
  option.type === Option.Subcommand || option.type === Option.SubcommandGroup;

function children(option: CommandOptionDefinition): readonly CommandOptionDefinition[] {
  return "options" in option && option.options ? (option.options as readonly CommandOptionDefinition[]) : [];
}

function leavesOf(
  options: readonly CommandOptionDefinition[],
  path: readonly [string, ...string[]],
  discordDefault: string | null,
): CommandLeaf[] {
  const branches = options.filter(isBranch);
  if (branches.length === 0) return [{ path, options, discordDefault }];
  return branches.flatMap((branch) => leavesOf(children(branch), [...path, branch.name], discordDefault));
}

export const commandId = (path: readonly string[]): string => `/${path.join(" ")}`;

/** Every command leaf, autocompleted option, context menu and component handler the cogs register, in load order. */
export function entryPointsOf(cogs: readonly Cog[]): EntryPoint[] {
  const found: EntryPoint[] = [];
  for (const cog of cogs) {
    for (const registration of cog.commands ?? []) found.push(...commandEntryPoints(registration));
    for (const menu of cog.menus ?? []) found.push({ id: menuId(menu.definition.name), type: "menu", menu });
    for (const component of cog.components ?? []) {
      found.push({ id: `${component.kind}:${component.prefix}`, type: "component", component });
    }
  }
  return found;
}

function commandEntryPoints(registration: CommandRegistration): EntryPoint[] {
  const root = registration.definition;
  const options = (root.options ?? []) as readonly CommandOptionDefinition[];
  return leavesOf(options, [root.name], root.default_member_permissions ?? null).flatMap(
    (leaf): EntryPoint[] => {
      const id = commandId(leaf.path);
      if (!handlerAt(registration, leaf.path.slice(1)))
        throw new Error(`${id} is defined but has no handler`);
      const autocompleted = leaf.options.filter((option) => "autocomplete" in option && option.autocomplete);
      return [
        { id, type: "command", leaf },
        ...autocompleted.map((option) => ({
          id: `autocomplete ${id} ${option.name}`,
          type: "autocomplete" as const,
          leaf,
          focused: option.name,
        })),
      ];
    },
  );
}
