import { PermissionFlagsBits } from "discord.js";
import type { DiscordSimulator } from "../../simulator";
import { replyLatency, type Answer } from "./simulator";

/** A guild with a moderator (a role with Timeout Members) and `targets` ordinary members to warn. */
export interface WarnGuild {
  guildId: string;
  ownerId: string;
  moderatorId: string;
  targets: ReadonlyArray<{ id: string; username: string }>;
}

export function warnGuild(sim: DiscordSimulator, targets: number): WarnGuild {
  const guild = sim.createGuild({ name: "Bench Guild" });
  const mods = guild.createRole({
    name: "Mods",
    position: 5,
    permissions: PermissionFlagsBits.ModerateMembers,
  });
  const moderator = sim.createUser({ username: "bench-mod" });
  guild.addMember(moderator.id, { roles: [mods.id] });
  const members = Array.from({ length: targets }, (_, index) => {
    const user = sim.createUser({ username: `member${index}` });
    guild.addMember(user.id);
    return { id: user.id, username: `member${index}` };
  });
  return { guildId: guild.id, ownerId: guild.ownerId, moderatorId: moderator.id, targets: members };
}

export function warnReason(index: number): string {
  return `spamming invites in #general (${index})`;
}

/**
 * `/warn` of the `index`-th target (round robin), as the moderator; resolves with how it was answered, which
 * must be "Warned **name** (case #N)." (at once, or after a defer).
 */
export function warnLatency(sim: DiscordSimulator, guild: WarnGuild, index: number): Promise<Answer> {
  const target = guild.targets[index % guild.targets.length];
  if (!target) throw new Error("the guild has no members to warn");
  const confirmation = new RegExp(`^Warned \\*\\*${target.username}\\*\\* \\(case #\\d+\\)\\.$`);
  return replyLatency(
    sim,
    {
      guildId: guild.guildId,
      userId: guild.moderatorId,
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
