import { GatewayDispatchEvents, InviteType, type APIUser } from "discord-api-types/v10";

export interface SimInvite {
  code: string;
  channelId: string;
  inviterId: string | null;
  uses: number;
  createdAt: string;
}

interface InviteHost {
  guildId(): string;
  emit(event: GatewayDispatchEvents, data: unknown): void;
  now(): number;
  user(id: string): APIUser;
  defaultChannelId(): string;
}

/** A guild's invites: created and deleted with INVITE_CREATE / INVITE_DELETE, counting their uses. */
export class SimInvites {
  private readonly byCode = new Map<string, SimInvite>();

  constructor(private readonly host: InviteHost) {}

  list(): SimInvite[] {
    return [...this.byCode.values()];
  }

  get(code: string): SimInvite {
    const invite = this.byCode.get(code);
    if (!invite) throw new Error(`guild ${this.host.guildId()} has no invite ${code}`);
    return invite;
  }

  create(init: { code: string; inviterId?: string | null; channelId?: string }): SimInvite {
    if (this.byCode.has(init.code)) throw new Error(`invite ${init.code} already exists`);
    const invite: SimInvite = {
      code: init.code,
      channelId: init.channelId ?? this.host.defaultChannelId(),
      inviterId: init.inviterId ?? null,
      uses: 0,
      createdAt: new Date(this.host.now()).toISOString(),
    };
    this.byCode.set(invite.code, invite);
    this.host.emit(GatewayDispatchEvents.InviteCreate, {
      ...this.toApi(invite),
      channel_id: invite.channelId,
      guild_id: this.host.guildId(),
    });
    return invite;
  }

  delete(code: string): void {
    const invite = this.get(code);
    this.byCode.delete(code);
    this.host.emit(GatewayDispatchEvents.InviteDelete, {
      code,
      channel_id: invite.channelId,
      guild_id: this.host.guildId(),
    });
  }

  /** The REST / gateway shape of an invite with its metadata. */
  toApi(invite: SimInvite): Record<string, unknown> {
    return {
      type: InviteType.Guild,
      code: invite.code,
      ...(invite.inviterId ? { inviter: this.host.user(invite.inviterId) } : {}),
      uses: invite.uses,
      max_uses: 0,
      max_age: 0,
      temporary: false,
      created_at: invite.createdAt,
    };
  }
}
