import type { Cog } from "../cog";
import { isGuildOnly, type CommandRegistration, type ComponentRegistration } from "../commands/registration";
import { menuKey, type MenuRegistration } from "../commands/menu";
import { handlerAt, type ResolvedHandler } from "../commands/resolve";
import type { AccessRequest } from "../permissions";

export interface CommandTarget {
  command: CommandRegistration;
  handler: ResolvedHandler;
}

/**
 * What the cogs registered: commands by name, components by `kind:prefix`, which of them need the database,
 * and the command each component is checked as. Built once at start-up; refuses clashes and dangling refs.
 */
export class HandlerRegistry {
  private readonly commands = new Map<string, CommandRegistration>();
  private readonly components = new Map<string, ComponentRegistration>();
  /** Context menus by `menuKey` (a user and a message menu may share a name). */
  private readonly menus = new Map<string, MenuRegistration>();
  /** `/name` of commands and `kind:prefix` of components whose cog requires the database. */
  private readonly needDatabase = new Set<string>();

  register(cogs: readonly Cog[]): void {
    for (const cog of cogs) {
      for (const command of cog.commands ?? []) {
        if (this.commands.has(command.definition.name))
          throw new Error(`two cogs register /${command.definition.name}`);
        this.commands.set(command.definition.name, command);
        if (cog.database === "required") this.needDatabase.add(`/${command.definition.name}`);
      }
      for (const menu of cog.menus ?? []) {
        const key = menuKey(menu.definition.type, menu.definition.name);
        if (this.menus.has(key)) throw new Error(`two cogs register the ${key} menu`);
        // A menu's handler always gets a guild and a member: only guild-only menus are accepted.
        if (!isGuildOnly(menu.definition)) throw new Error(`the ${key} menu must be guild-only`);
        this.menus.set(key, menu);
        if (cog.database === "required") this.needDatabase.add(key);
      }
      for (const component of cog.components ?? []) {
        const key = componentKey(component.kind, component.prefix);
        if (this.components.has(key)) throw new Error(`two cogs register the ${key} handler`);
        this.components.set(key, component);
        if (cog.database === "required") this.needDatabase.add(key);
      }
    }
    for (const [key, component] of this.components) {
      if (!this.owner(component)) {
        const path = component.policy.checkedAs.join(" ");
        throw new Error(`the ${key} handler is checked as /${path}, which no cog registers`);
      }
    }
  }

  command(name: string): CommandRegistration | undefined {
    return this.commands.get(name);
  }

  menu(type: MenuRegistration["definition"]["type"], name: string): MenuRegistration | undefined {
    return this.menus.get(menuKey(type, name));
  }

  component(kind: ComponentRegistration["kind"], prefix: string): ComponentRegistration | undefined {
    return this.components.get(componentKey(kind, prefix));
  }

  /** Whether `key` (`/name`, `kind:prefix` or a `menuKey`) belongs to a cog that requires the database. */
  needsDatabase(key: string): boolean {
    return this.needDatabase.has(key);
  }

  /** The command (and subcommand handler) whose permission check a component re-runs on every press. */
  owner(component: ComponentRegistration): CommandTarget | undefined {
    const [name, ...path] = component.policy.checkedAs;
    const command = this.commands.get(name);
    const handler = command && handlerAt(command, path);
    return command && handler ? { command, handler } : undefined;
  }
}

export function componentKey(kind: ComponentRegistration["kind"], prefix: string): string {
  return `${kind}:${prefix}`;
}

/** The permission check running `handler` of `command` takes (its definition's defaults included). */
export function accessRequest({ command, handler }: CommandTarget): AccessRequest {
  const defaults = command.definition.default_member_permissions;
  const required = (defaults ? BigInt(defaults) : 0n) | (handler.policy.memberPermissions ?? 0n);
  return { label: handler.label, policy: handler.policy, memberPermissions: required || null };
}
