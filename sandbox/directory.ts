import type { SimGuild, SimUser } from "../simulator";
import { SandboxInputError } from "./errors";
import type { References } from "./option-values";
import type { NameBook } from "./render-text";

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const roleLabel = (name: string): string => (name.startsWith("@") ? name.slice(1) : name);

/** Names ↔ ids for the sandbox's users, channels and roles (lookups by name ignore case). */
export class Directory implements NameBook, References {
  constructor(
    private readonly guild: SimGuild,
    private readonly users: readonly SimUser[],
  ) {}

  userId(name: string): string {
    const user = this.users.find((candidate) => same(candidate.username, name));
    if (user) return user.id;
    const known = this.users.map((candidate) => `@${candidate.username}`).join(", ");
    throw new SandboxInputError(`nobody is called @${name} (there are ${known})`);
  }

  channelId(name: string): string {
    for (const channel of this.guild.channels.values()) if (same(channel.name, name)) return channel.id;
    const known = [...this.guild.channels.values()].map((channel) => `#${channel.name}`).join(", ");
    throw new SandboxInputError(`there is no #${name} (there are ${known})`);
  }

  roleId(name: string): string {
    for (const role of this.guild.roles.values())
      if (same(roleLabel(role.name), roleLabel(name))) return role.id;
    const known = [...this.guild.roles.values()].map((role) => `@&${roleLabel(role.name)}`).join(", ");
    throw new SandboxInputError(`there is no role @&${name} (there are ${known})`);
  }

  userName(id: string): string | undefined {
    return this.users.find((user) => user.id === id)?.username;
  }

  channelName(id: string): string | undefined {
    return this.guild.channels.get(id)?.name;
  }

  roleName(id: string): string | undefined {
    const role = this.guild.roles.get(id);
    return role ? roleLabel(role.name) : undefined;
  }

  /** Every user name, for completion. */
  userNames(): string[] {
    return this.users.map((user) => user.username);
  }

  channelNames(): string[] {
    return [...this.guild.channels.values()].map((channel) => channel.name);
  }
}
