import { ChannelType, PermissionFlagsBits } from "discord-api-types/v10";
import type { DiscordSimulator, SimGuild } from "../../../simulator";

/** Who runs an interaction: from no permissions at all up to the guild (and bot) owner. */
export const MEMBER_KINDS = ["none", "manager", "moderator", "modrole", "admin", "owner"] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/**
 * The guild the fuzz run plays in: one member of each kind (each holding a role above the bot's, so no
 * action of the run can remove them), members to act on (some with closed DMs, one a bot, some under a low
 * role), users who are only in another guild or in none, and channels of every simulated type.
 */
export interface FuzzWorld {
  readonly guild: SimGuild;
  /** Another guild the bot is in: its ids are "somebody else's". */
  readonly other: SimGuild;
  readonly invokers: Readonly<Record<MemberKind, string>>;
  /** Members to act on; kicked ones rejoin from time to time (`rejoin`). */
  readonly targets: readonly string[];
  /** Users who exist but are not members of the guild. */
  readonly outsiders: readonly string[];
  /** Roles of the guild, @everyone and the bot's own included. */
  readonly roleIds: readonly string[];
  /** The moderator role the owner registers before the run (held by the `modrole` member). */
  readonly modRoleId: string;
  /** Channels by type, for channel options and for where an interaction happens. */
  readonly channels: Readonly<Record<"text" | "modLog" | "announcement" | "voice" | "category", string>>;
  /** Files to attach (a small one, an empty one, one declared too big, one with a hostile name). */
  readonly uploads: readonly string[];
  /** Ids that belong to the other guild (roles, channels, the guild itself). */
  readonly foreignIds: readonly string[];
  /** Uploaded files for attachment options: none of them a well-formed case export. */
  readonly attachmentIds: readonly string[];
  /** Puts kicked targets back in the guild (members come back); banned ones stay out. */
  rejoin(): number;
}

const TARGETS = 24;

export function buildFuzzWorld(sim: DiscordSimulator): FuzzWorld {
  const guild = sim.createGuild({ name: "Fuzz Guild" });
  const other = sim.createGuild({ name: "Other Guild" });
  const role = (name: string, position: number, permissions: bigint) =>
    guild.createRole({ name, position, permissions }).id;
  const roles = {
    none: role("Regulars", 12, 0n),
    modrole: role("Helpers", 14, 0n),
    moderator: role(
      "Mods",
      16,
      PermissionFlagsBits.ModerateMembers | PermissionFlagsBits.KickMembers | PermissionFlagsBits.BanMembers,
    ),
    manager: role("Managers", 18, PermissionFlagsBits.ManageGuild),
    admin: role("Admins", 20, PermissionFlagsBits.Administrator),
  };
  const lurkers = role("Lurkers", 3, 0n);
  const member = (
    username: string,
    roleIds: string[] = [],
    init: { bot?: boolean; dmsClosed?: boolean } = {},
  ) => {
    const user = sim.createUser({ username, ...init });
    guild.addMember(user.id, { roles: roleIds });
    return user.id;
  };
  const invokers: Record<MemberKind, string> = {
    none: member("fuzz-regular", [roles.none]),
    manager: member("fuzz-manager", [roles.manager]),
    moderator: member("fuzz-mod", [roles.moderator]),
    modrole: member("fuzz-helper", [roles.modrole]),
    admin: member("fuzz-admin", [roles.admin]),
    owner: guild.ownerId,
  };
  const targetRoles = new Map<string, string[]>();
  const targets = Array.from({ length: TARGETS }, (_, index) => {
    const roleIds = index % 4 === 1 ? [lurkers] : [];
    const id = member(`target${index}`, roleIds, { bot: index === 7, dmsClosed: index % 5 === 3 });
    targetRoles.set(id, roleIds);
    return id;
  });
  const outsiders = [
    ...Array.from({ length: 4 }, (_, index) => {
      const user = sim.createUser({ username: `elsewhere${index}` });
      other.addMember(user.id);
      return user.id;
    }),
    ...Array.from({ length: 2 }, (_, index) => sim.createUser({ username: `nowhere${index}` }).id),
  ];
  const channels = {
    text: guild.firstTextChannel().id,
    modLog: guild.createChannel({ name: "mod-log" }).id,
    announcement: guild.createChannel({ name: "news", type: ChannelType.GuildAnnouncement }).id,
    voice: guild.createChannel({ name: "voice", type: ChannelType.GuildVoice }).id,
    category: guild.createChannel({ name: "archive", type: ChannelType.GuildCategory }).id,
  };
  const foreignIds = [
    other.id,
    ...other.roles.keys(),
    other.firstTextChannel().id,
    other.createChannel({ name: "secret" }).id,
  ];
  const uploads = [
    sim.upload({ filename: "proof.png", content: "bytes" }),
    sim.upload({ filename: "empty.txt", content: "" }),
    sim.upload({ filename: "huge.bin", content: "x", size: 2 ** 31 }),
    sim.upload({ filename: "](x)`@everyone`.png", content: "\u0000" }),
  ].map((upload) => upload.id);
  const header = '{"format":"warden-cases","version":1,"guildId":"1","exportedAt":"x","filter":{},"cases":[';
  const attachmentIds = [
    Buffer.from(""),
    Buffer.from("\u0000\u202e not json at all"),
    Buffer.from(`${header}\n{"number":1,"type":"ban","targetId":"x"}\n]}\n`),
    Buffer.from(`${header}\n{"number":-1},\n`),
    Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]),
  ].map((data, index) => sim.upload({ filename: `hostile${index}.json`, content: data }).id);
  return {
    guild,
    other,
    uploads,
    invokers,
    targets,
    outsiders,
    roleIds: [...guild.roles.keys()],
    modRoleId: roles.modrole,
    channels,
    foreignIds,
    attachmentIds,
    rejoin: () => {
      let back = 0;
      for (const id of targets) {
        if (guild.members.has(id) || guild.bans.has(id)) continue;
        guild.addMember(id, { roles: targetRoles.get(id) ?? [] });
        back += 1;
      }
      return back;
    },
  };
}
