import { PermissionFlagsBits } from "discord.js";
import type { DiscordSimulator } from "../../simulator";
import { replyLatency, type Answer } from "./simulator";

/** A guild with moderators (a role with Timeout Members) and `targets` ordinary members to warn. */
export interface WarnGuild {
  guildId: string;
  ownerId: string;
  /** The first of `moderatorIds`. */
  moderatorId: string;
  moderatorIds: readonly string[];
  targets: ReadonlyArray<{ id: string; username: string }>;
}

/** `id`: a given (shard-routing) guild id. */
export function warnGuild(sim: DiscordSimulator, targets: number, moderators = 1, id?: string): WarnGuild {
  const guild = sim.createGuild({ name: "Bench Guild", ...(id ? { id } : {}) });
  const mods = guild.createRole({
    name: "Mods",
    position: 5,
    permissions: PermissionFlagsBits.ModerateMembers,
  });
  const moderatorIds = Array.from({ length: moderators }, (_, index) => {
    const moderator = sim.createUser({ username: index === 0 ? "bench-mod" : `bench-mod${index}` });
    guild.addMember(moderator.id, { roles: [mods.id] });
    return moderator.id;
  });
  const [moderatorId] = moderatorIds;
  if (!moderatorId) throw new Error("a warn guild needs at least one moderator");
  const members = Array.from({ length: targets }, (_, index) => {
    const user = sim.createUser({ username: `member${index}` });
    guild.addMember(user.id);
    return { id: user.id, username: `member${index}` };
  });
  return { guildId: guild.id, ownerId: guild.ownerId, moderatorId, moderatorIds, targets: members };
}

export function warnReason(index: number): string {
  return `spamming invites in #general (${index})`;
}

/**
 * `/warn` of the `index`-th target (round robin), as `moderatorId` (the first moderator unless given); resolves with how it was answered, which
 * must be "Warned **name** (case #N)." (at once, or after a defer).
 */
export function warnLatency(
  sim: DiscordSimulator,
  guild: WarnGuild,
  index: number,
  moderatorId = guild.moderatorId,
): Promise<Answer> {
  const target = guild.targets[index % guild.targets.length];
  if (!target) throw new Error("the guild has no members to warn");
  const confirmation = new RegExp(`^Warned \\*\\*${target.username}\\*\\* \\(case #\\d+\\)\\.$`);
  return replyLatency(
    sim,
    {
      guildId: guild.guildId,
      userId: moderatorId,
      name: "warn",
      options: { user: target.id, reason: warnReason(index) },
    },
    (content) => confirmation.test(content),
  );
}

/** `/config dm-on-action enabled:false` as the owner: warnings then cost no DM round trips. */
export async function turnOffDms(sim: DiscordSimulator, guild: WarnGuild): Promise<void> {
  const reply = await sim
    .command({
      guildId: guild.guildId,
      userId: guild.ownerId,
      name: "config",
      subcommand: "dm-on-action",
      options: { enabled: false },
    })
    .reply(10_000);
  if (reply.content !== "Members will no longer get a DM when a moderator acts on them.") {
    throw new Error(`/config dm-on-action answered ${JSON.stringify(reply.content)}`);
  }
}
