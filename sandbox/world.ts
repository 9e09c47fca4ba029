import { PermissionFlagsBits } from "discord-api-types/v10";
import type { DiscordSimulator, SimGuild, SimUser } from "../simulator";

export const MODERATOR_PERMISSIONS =
  PermissionFlagsBits.KickMembers |
  PermissionFlagsBits.BanMembers |
  PermissionFlagsBits.ModerateMembers |
  PermissionFlagsBits.ManageMessages;

/** The sandbox's guild and the people in it. */
export interface SandboxWorld {
  guild: SimGuild;
  /** Everyone the sandbox knows, the bot included, in the order they joined. */
  users: SimUser[];
  owner: SimUser;
  /** Who acts when nobody said `as @…`. */
  defaultActor: SimUser;
  /** Where commands run when nobody said `in #…`. */
  defaultChannelId: string;
}

/**
 * Guild "Sandbox" with #general and #mod-log, a "Moderators" role (kick, ban, timeout, manage messages),
 * `owner` (the guild owner), `mod` (a moderator, the default actor), `alice` and `bob`.
 */
export function seedWorld(sim: DiscordSimulator): SandboxWorld {
  const owner = sim.createUser({ username: "owner" });
  const guild = sim.createGuild({ name: "Sandbox", ownerId: owner.id });
  const general = guild.channelByName("general") ?? guild.createChannel({ name: "general" });
  guild.createChannel({ name: "mod-log" });
  const moderators = guild.createRole({
    name: "Moderators",
    permissions: MODERATOR_PERMISSIONS,
    position: 5,
  });
  const mod = sim.createUser({ username: "mod" });
  guild.addMember(mod.id, { roles: [moderators.id] });
  const alice = sim.createUser({ username: "alice" });
  const bob = sim.createUser({ username: "bob" });
  guild.addMember(alice.id);
  guild.addMember(bob.id);
  return {
    guild,
    users: [owner, sim.botUser, mod, alice, bob],
    owner,
    defaultActor: mod,
    defaultChannelId: general.id,
  };
}
