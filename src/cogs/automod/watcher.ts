import { createHash } from "node:crypto";
import {
  MessageType,
  PermissionFlagsBits,
  type Client,
  type GatewayMessageCreateDispatchData,
  type GatewayMessageUpdateDispatchData,
  type Guild,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import { GuildConfigController } from "../../controllers/guild-config-controller";
import type { AutomodMessage } from "./engine";
import { AutomodEnforcer, type Offence } from "./enforcer";
import { OwnInvites } from "./own-invites";
import { AutomodRuntime } from "./runtime";

/** Members with any of these are moderators, always exempt (as are the guild's moderator roles). */
const MODERATOR_PERMISSIONS =
  PermissionFlagsBits.Administrator |
  PermissionFlagsBits.ManageGuild |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ModerateMembers;

type MessageData = GatewayMessageCreateDispatchData | GatewayMessageUpdateDispatchData;
/** Edits judged lately (message id → edit time and text): Discord repeats an edit's MESSAGE_UPDATE for link previews. */
const EDITS_REMEMBERED = 10_000;

/**
 * MESSAGE_CREATE and edits (MESSAGE_UPDATE) → Warden's automod: checked in memory; only a message that breaks a rule costs more. It
 * reads the gateway payload itself: Warden caches no members, so the author's roles are only there.
 */
@injectable()
export class AutomodWatcher {
  readonly ownInvites = new OwnInvites();

  constructor(
    @inject(AutomodRuntime) private readonly runtime: AutomodRuntime,
    @inject(AutomodEnforcer) private readonly enforcer: AutomodEnforcer,
    @inject(GuildConfigController) private readonly configs: GuildConfigController,
  ) {}

  private readonly edits = new Map<string, string>();

  /** An edited message, judged once per edit (not again for the previews Discord adds afterwards). */
  async edited(client: Client, data: GatewayMessageUpdateDispatchData): Promise<void> {
    if (!data.edited_timestamp) return;
    const edit = `${data.edited_timestamp}|${createHash("sha1").update(data.content).digest("base64")}`;
    if (this.edits.get(data.id) === edit) return;
    this.edits.delete(data.id);
    this.edits.set(data.id, edit);
    if (this.edits.size > EDITS_REMEMBERED) this.edits.delete(this.edits.keys().next().value ?? "");
    await this.received(client, data, true);
  }

  async received(client: Client, data: MessageData, edited = false): Promise<void> {
    const guild = data.guild_id ? client.guilds.cache.get(data.guild_id) : undefined;
    if (!guild || data.author.bot || data.webhook_id || !isMemberMessage(data.type)) return;
    const { automod, ladder } = await this.runtime.forGuild(guild.id);
    if (!automod.active) return;
    const seen = { ...(await this.view(guild, data)), edited };
    const verdict = automod.check(seen);
    if (!verdict) return;
    const codes = verdict.inviteCodes;
    if (codes && (await this.ownInvites.allOwn(guild, codes))) return;
    const offence: Offence = {
      guild,
      channelId: data.channel_id,
      messageId: data.id,
      authorId: data.author.id,
      authorName: data.author.username,
      content: data.content,
    };
    if (verdict.burst) {
      await this.enforcer.deleteOnly(offence, verdict);
      return;
    }
    automod.acted(seen, verdict);
    await this.enforcer.enforce(offence, verdict, ladder);
  }

  private async view(guild: Guild, data: MessageData): Promise<AutomodMessage> {
    const roleIds = data.member?.roles ?? [];
    return {
      guildId: guild.id,
      channelId: data.channel_id,
      authorId: data.author.id,
      roleIds,
      moderator: await this.isModerator(guild, data.author.id, roleIds),
      content: data.content,
      mentions: data.mentions.length + data.mention_roles.length + (data.mention_everyone ? 1 : 0),
      at: Date.parse(data.timestamp),
    };
  }

  private async isModerator(guild: Guild, authorId: string, roleIds: readonly string[]): Promise<boolean> {
    if (guild.ownerId === authorId) return true;
    const everyone = guild.roles.everyone.permissions.bitfield;
    let permissions = everyone;
    for (const roleId of roleIds) permissions |= guild.roles.cache.get(roleId)?.permissions.bitfield ?? 0n;
    if ((permissions & MODERATOR_PERMISSIONS) !== 0n) return true;
    // While the database is unreachable only permissions count: the check must not stop the filter.
    const config = await this.configs.get(guild.id).catch(() => null);
    const moderatorRoles = config?.moderatorRoleIds ?? [];
    return moderatorRoles.some((roleId) => roleId !== guild.id && roleIds.includes(roleId));
  }
}

function isMemberMessage(type: MessageType): boolean {
  return type === MessageType.Default || type === MessageType.Reply;
}
