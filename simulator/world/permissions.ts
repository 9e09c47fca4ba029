import { OverwriteType, PermissionFlagsBits } from "discord-api-types/v10";
import type { SimChannel, SimMember, SimRole } from "../types";

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What a timed-out member keeps (Discord strips everything else while the timeout lasts). */
const TIMED_OUT_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

export const EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads;

export const BOT_ROLE_PERMISSIONS =
  PermissionFlagsBits.BanMembers |
  PermissionFlagsBits.KickMembers |
  PermissionFlagsBits.ModerateMembers |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.ViewAuditLog |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.EmbedLinks;

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  roles: ReadonlyMap<string, SimRole>;
  member: SimMember | undefined;
  channel: SimChannel | undefined;
  nowMs: number;
}

/** Discord's permission algorithm: owner and Administrator get everything; channel overwrites apply. */
export function computePermissions(subject: PermissionSubject): bigint {
  const { member, roles, guildId } = subject;
  if (!member) return 0n;
  if (member.userId === subject.ownerId) return ALL_PERMISSIONS;
  let permissions = roles.get(guildId)?.permissions ?? 0n;
  for (const roleId of member.roles) permissions |= roles.get(roleId)?.permissions ?? 0n;
  if ((permissions & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  if (subject.channel) permissions = applyOverwrites(permissions, subject.channel, member, guildId);
  if (isTimedOut(member, subject.nowMs)) permissions &= TIMED_OUT_PERMISSIONS;
  return permissions;
}

export function isTimedOut(member: SimMember, nowMs: number): boolean {
  return member.communicationDisabledUntil !== null && Date.parse(member.communicationDisabledUntil) > nowMs;
}

function applyOverwrites(base: bigint, channel: SimChannel, member: SimMember, guildId: string): bigint {
  let permissions = base;
  const overwrites = channel.permissionOverwrites;
  const everyone = overwrites.find((overwrite) => overwrite.id === guildId);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === OverwriteType.Role && member.roles.includes(overwrite.id)) {
      allow |= overwrite.allow;
      deny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = overwrites.find((o) => o.type === OverwriteType.Member && o.id === member.userId);
  if (own) permissions = (permissions & ~own.deny) | own.allow;
  return permissions;
}

/** The position of a member's highest role (0 = only @everyone). */
export function highestRolePosition(
  member: SimMember | undefined,
  roles: ReadonlyMap<string, SimRole>,
): number {
  if (!member) return 0;
  let highest = 0;
  for (const roleId of member.roles) highest = Math.max(highest, roles.get(roleId)?.position ?? 0);
  return highest;
}
