import { PermissionFlagsBits } from "discord.js";

/** Who presses, types or runs something in the permission matrix: one guild per kind. */
export const MEMBER_KINDS = [
  "no permissions",
  "Manage Server",
  "moderator role",
  "Timeout Members",
  "Kick Members",
  "Ban Members",
  "Administrator",
  "server owner",
  "bot owner",
  "demoted moderator",
  "withdrawn moderator role",
] as const;

export type MemberKind = (typeof MEMBER_KINDS)[number];

/**
 * How each kind gets its standing:
 * - a permission: a role granting that permission alone;
 * - `moderator role`: a role with no permission at all that an administrator made a moderator role
 *   through `/config modrole add`;
 * - `server owner`: the guild's owner (Discord gives the owner every permission);
 * - `bot owner`: listed in OWNER_IDS, an ordinary member otherwise;
 * - `demoted moderator`: held the moderator role while the fixture was made (ran `/cases` and
 *   `/leaderboard`, so holds their buttons), then lost it before anything in the matrix was sent;
 * - `withdrawn moderator role`: the same, except that they keep the role and an administrator makes it
 *   an ordinary role again (`/config modrole remove`): the bot's cached settings must follow.
 */
export type Standing =
  | { kind: "role"; permissions: bigint }
  | { kind: "moderator role" }
  | { kind: "server owner" }
  | { kind: "plain member" };

export const STANDING: Record<MemberKind, Standing> = {
  "no permissions": { kind: "plain member" },
  "Manage Server": { kind: "role", permissions: PermissionFlagsBits.ManageGuild },
  "moderator role": { kind: "moderator role" },
  "Timeout Members": { kind: "role", permissions: PermissionFlagsBits.ModerateMembers },
  "Kick Members": { kind: "role", permissions: PermissionFlagsBits.KickMembers },
  "Ban Members": { kind: "role", permissions: PermissionFlagsBits.BanMembers },
  Administrator: { kind: "role", permissions: PermissionFlagsBits.Administrator },
  "server owner": { kind: "server owner" },
  "bot owner": { kind: "plain member" },
  "demoted moderator": { kind: "moderator role" },
  "withdrawn moderator role": { kind: "moderator role" },
};

/** What happens to a kind's standing once it holds its components, before the matrix is sent. */
export const DEMOTION: Partial<Record<MemberKind, "role taken" | "role withdrawn">> = {
  "demoted moderator": "role taken",
  "withdrawn moderator role": "role withdrawn",
};
