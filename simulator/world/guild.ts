import {
  AuditLogEvent,
  ChannelType,
  GatewayDispatchEvents,
  Locale,
  PermissionFlagsBits,
} from "discord-api-types/v10";
import { generateSnowflake } from "../core/snowflake";
import type { SimAuditEntry, SimChannel, SimMember, SimRole } from "../types";
import { computePermissions, highestRolePosition } from "./permissions";
import { auditEntryToApi, channelToApi, memberToApi, roleToApi, THREAD_TYPES, userToApi } from "./serialize";
import { SimInvites, type SimInvite } from "./invites";
import type { World } from "./world";

const SUPPORTED_CHANNEL_TYPES = new Set<ChannelType>([
  ChannelType.GuildText,
  ChannelType.GuildVoice,
  ChannelType.GuildCategory,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ...THREAD_TYPES,
]);

export interface SimBan {
  userId: string;
  reason: string | null;
}

/** One guild of the fake Discord. Mutators change state and dispatch what Discord would. */
export class SimGuild {
  readonly roles = new Map<string, SimRole>();
  readonly members = new Map<string, SimMember>();
  readonly channels = new Map<string, SimChannel>();
  readonly bans = new Map<string, SimBan>();
  readonly auditLog: SimAuditEntry[] = [];
  preferredLocale: Locale = Locale.EnglishUS;
  readonly invites = new SimInvites({
    guildId: () => this.id,
    emit: (event, data) => this.emit(event, data),
    now: () => this.world.clock(),
    user: (id) => userToApi(this.world.user(id)),
    defaultChannelId: () => this.firstTextChannel().id,
  });

  constructor(
    private readonly world: World,
    readonly id: string,
    public name: string,
    public ownerId: string,
  ) {}

  createRole(init: {
    name: string;
    permissions?: bigint;
    position?: number;
    color?: number;
    managed?: boolean;
  }): SimRole {
    const role: SimRole = {
      id: generateSnowflake(this.world.clock()),
      name: init.name,
      permissions: init.permissions ?? 0n,
      position: init.position ?? 1,
      color: init.color ?? 0,
      ...(init.managed ? { managed: true } : {}),
    };
    this.roles.set(role.id, role);
    this.emit(GatewayDispatchEvents.GuildRoleCreate, { guild_id: this.id, role: roleToApi(role) });
    return role;
  }

  /** Changes a role (name, permissions, position) and dispatches GUILD_ROLE_UPDATE. */
  updateRole(roleId: string, change: (role: SimRole) => void): SimRole {
    const role = this.role(roleId);
    change(role);
    this.emit(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: this.id, role: roleToApi(role) });
    return role;
  }

  /**
   * Deletes a role and dispatches GUILD_ROLE_DELETE. As on Discord, members simply no longer hold it: no
   * GUILD_MEMBER_UPDATE is sent for them.
   */
  deleteRole(roleId: string): void {
    if (roleId === this.id) throw new Error("@everyone cannot be deleted");
    this.role(roleId);
    this.roles.delete(roleId);
    for (const member of this.members.values()) member.roles = member.roles.filter((id) => id !== roleId);
    this.emit(GatewayDispatchEvents.GuildRoleDelete, { guild_id: this.id, role_id: roleId });
  }

  addMember(userId: string, init: { roles?: string[]; nick?: string | null } = {}): SimMember {
    const user = this.world.user(userId);
    if (this.bans.has(userId)) throw new Error(`user ${userId} is banned from guild ${this.id}`);
    for (const roleId of init.roles ?? []) this.role(roleId);
    const member: SimMember = {
      userId: user.id,
      roles: [...(init.roles ?? [])],
      nick: init.nick ?? null,
      joinedAt: new Date(this.world.clock()).toISOString(),
      communicationDisabledUntil: null,
    };
    this.members.set(user.id, member);
    if (this.live) {
      this.emit(GatewayDispatchEvents.GuildMemberAdd, { ...memberToApi(member, user), guild_id: this.id });
    }
    return member;
  }

  /** An invite to this guild (INVITE_CREATE); `sim.joinWithInvite` uses it. */
  createInvite(init: { code: string; inviterId?: string | null; channelId?: string }): SimInvite {
    return this.invites.create(init);
  }

  removeMember(userId: string): void {
    if (!this.members.delete(userId)) return;
    const user = userToApi(this.world.user(userId));
    this.emit(GatewayDispatchEvents.GuildMemberRemove, { guild_id: this.id, user });
  }

  /** Applies a change to a member and dispatches GUILD_MEMBER_UPDATE. */
  updateMember(userId: string, change: (member: SimMember) => void): SimMember {
    const member = this.member(userId);
    change(member);
    const user = this.world.user(userId);
    this.emit(GatewayDispatchEvents.GuildMemberUpdate, { ...memberToApi(member, user), guild_id: this.id });
    return member;
  }

  /** A channel; a thread (or forum post) needs its channel as `parentId`, and is announced by THREAD_CREATE. */
  createChannel(init: {
    name: string;
    type?: ChannelType;
    parentId?: string | null;
    ownerId?: string;
  }): SimChannel {
    const type = init.type ?? ChannelType.GuildText;
    if (!SUPPORTED_CHANNEL_TYPES.has(type)) throw new Error(`channel type ${type} is not simulated`);
    const channel: SimChannel = {
      id: generateSnowflake(this.world.clock()),
      guildId: this.id,
      name: init.name,
      type,
      position: this.channels.size,
      parentId: init.parentId ?? null,
      ...(init.ownerId ? { ownerId: init.ownerId } : {}),
      permissionOverwrites: [],
      messages: [],
    };
    this.channels.set(channel.id, channel);
    this.world.indexChannel(channel.id, this);
    if (!this.live) return channel;
    if (THREAD_TYPES.has(type)) {
      this.emit(GatewayDispatchEvents.ThreadCreate, { ...channelToApi(channel), newly_created: true });
    } else this.emit(GatewayDispatchEvents.ChannelCreate, channelToApi(channel));
    return channel;
  }

  /** Applies a change to a channel (overwrites, slowmode…) as a member would in Discord: CHANNEL_UPDATE. */
  updateChannel(channelId: string, change: (channel: SimChannel) => void): SimChannel {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`guild ${this.id} has no channel ${channelId}`);
    change(channel);
    this.emit(GatewayDispatchEvents.ChannelUpdate, channelToApi(channel));
    return channel;
  }

  /** Deletes a channel with its messages and dispatches CHANNEL_DELETE. */
  deleteChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`guild ${this.id} has no channel ${channelId}`);
    this.channels.delete(channelId);
    this.emit(GatewayDispatchEvents.ChannelDelete, channelToApi(channel));
  }

  channelByName(name: string): SimChannel | undefined {
    for (const channel of this.channels.values()) if (channel.name === name) return channel;
    return undefined;
  }

  firstTextChannel(): SimChannel {
    for (const channel of this.channels.values()) if (channel.type === ChannelType.GuildText) return channel;
    throw new Error(`guild ${this.id} has no text channel`);
  }

  permissionsOf(userId: string, channelId?: string): bigint {
    return computePermissions({
      guildId: this.id,
      ownerId: this.ownerId,
      roles: this.roles,
      member: this.members.get(userId),
      channel: channelId === undefined ? undefined : this.channels.get(channelId),
      nowMs: this.world.clock(),
    });
  }

  highestRolePosition(userId: string): number {
    return highestRolePosition(this.members.get(userId), this.roles);
  }

  role(roleId: string): SimRole {
    const role = this.roles.get(roleId);
    if (!role) throw new Error(`guild ${this.id} has no role ${roleId}`);
    return role;
  }

  member(userId: string): SimMember {
    const member = this.members.get(userId);
    if (!member) throw new Error(`user ${userId} is not a member of guild ${this.id}`);
    return member;
  }

  recordAudit(entry: Omit<SimAuditEntry, "id">): SimAuditEntry {
    const stored: SimAuditEntry = { id: generateSnowflake(this.world.clock()), ...entry };
    this.auditLog.push(stored);
    // Discord sends GUILD_AUDIT_LOG_ENTRY_CREATE only to bots that may view the audit log.
    if ((this.permissionsOf(this.world.botUser.id) & PermissionFlagsBits.ViewAuditLog) !== 0n) {
      this.emit(GatewayDispatchEvents.GuildAuditLogEntryCreate, {
        ...auditEntryToApi(stored),
        guild_id: this.id,
      });
    }
    return stored;
  }

  /** Audit entries newest first, as the audit-log endpoint lists them. */
  auditEntries(filter: {
    userId?: string;
    actionType?: AuditLogEvent;
    before?: string;
    limit: number;
  }): SimAuditEntry[] {
    const found: SimAuditEntry[] = [];
    for (let index = this.auditLog.length - 1; index >= 0 && found.length < filter.limit; index -= 1) {
      const entry = this.auditLog[index] as SimAuditEntry;
      if (filter.userId !== undefined && entry.userId !== filter.userId) continue;
      if (filter.actionType !== undefined && entry.actionType !== filter.actionType) continue;
      if (filter.before !== undefined && BigInt(entry.id) >= BigInt(filter.before)) continue;
      found.push(entry);
    }
    return found;
  }

  /** Whether the guild is in the world yet: before that, changes dispatch nothing (nor build payloads). */
  private get live(): boolean {
    return this.world.guilds.has(this.id);
  }

  private emit(event: GatewayDispatchEvents, data: unknown): void {
    if (this.live) this.world.events.dispatch(event, data, this.id);
  }
}
