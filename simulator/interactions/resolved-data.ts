import type { APIInteractionDataResolved, APIInteractionDataResolvedChannel } from "discord-api-types/v10";
import type { SimGuild } from "../world/guild";
import { memberToApi, roleToApi, userToApi } from "../world/serialize";
import type { World } from "../world/world";

/** Accumulates `data.resolved` for user, member, role and channel references. */
export class ResolvedBuilder {
  private readonly resolved: APIInteractionDataResolved = {};

  constructor(
    private readonly world: World,
    private readonly guild: SimGuild,
    /** Resolved channels carry the invoking member's permissions there. */
    private readonly viewerId: string,
  ) {}

  /** A user (and their member, when they are in the guild). Returns false if there is no such user. */
  addUser(id: string): boolean {
    const user = this.world.users.get(id);
    if (!user) return false;
    (this.resolved.users ??= {})[id] = userToApi(user);
    const member = this.guild.members.get(id);
    if (member) {
      const { user: _user, deaf: _deaf, mute: _mute, ...partial } = memberToApi(member, user);
      (this.resolved.members ??= {})[id] = {
        ...partial,
        permissions: this.guild.permissionsOf(id).toString(),
      };
    }
    return true;
  }

  addRole(id: string): boolean {
    const role = this.guild.roles.get(id);
    if (!role) return false;
    (this.resolved.roles ??= {})[id] = roleToApi(role);
    return true;
  }

  addChannel(id: string): boolean {
    const channel = this.guild.channels.get(id);
    if (!channel) return false;
    const resolved: APIInteractionDataResolvedChannel = {
      id: channel.id,
      name: channel.name,
      type: channel.type,
      permissions: this.guild.permissionsOf(this.viewerId, channel.id).toString(),
    };
    (this.resolved.channels ??= {})[id] = resolved;
    return true;
  }

  /** A file a member uploaded (`sim.uploadAttachment`), with the URL the bot downloads it from. */
  addAttachment(id: string): boolean {
    const file = this.world.attachments.get(id);
    if (!file) return false;
    const url = this.world.attachments.url(file);
    (this.resolved.attachments ??= {})[id] = {
      id,
      filename: file.filename,
      size: file.size,
      url,
      proxy_url: url,
    };
    return true;
  }

  build(): APIInteractionDataResolved | undefined {
    return Object.keys(this.resolved).length === 0 ? undefined : this.resolved;
  }
}
