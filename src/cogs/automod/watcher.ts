import { createHash } from "node:crypto";
import {
  MessageType,
  type Client,
  type GatewayMessageCreateDispatchData,
  type GatewayMessageUpdateDispatchData,
  type Guild,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import type { AutomodMessage } from "./engine";
import { AutomodEnforcer, type Offence } from "./enforcer";
import { AutomodModerators } from "./moderators";
import { OwnInvites } from "./own-invites";
import { AutomodRuntime } from "./runtime";

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
    @inject(AutomodModerators) private readonly moderators: AutomodModerators,
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
    const seen = { ...view(guild, data), edited };
    const verdict = automod.check(seen);
    if (!verdict) return;
    // Before anything async: the rest of a burst, arriving meanwhile, must see this one as acted on.
    if (!verdict.burst) automod.acted(seen, verdict);
    if (await this.moderators.isModerator(guild, seen.authorId, seen.roleIds)) return;
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
    await this.enforcer.enforce(offence, verdict, ladder);
  }

  /** At shutdown: what is still being settled in the background is left to the reconciler. */
  stop(): void {
    this.enforcer.stop();
  }
}

/** The message as automod sees it; a thread's (or forum post's) parent channel comes from the cache. */
function view(guild: Guild, data: MessageData): AutomodMessage {
  const channel = guild.channels.cache.get(data.channel_id);
  return {
    guildId: guild.id,
    channelId: data.channel_id,
    parentId: channel?.isThread() ? channel.parentId : null,
    authorId: data.author.id,
    roleIds: data.member?.roles ?? [],
    content: data.content,
    mentions: data.mentions.length + data.mention_roles.length + (data.mention_everyone ? 1 : 0),
    at: Date.parse(data.timestamp),
  };
}

function isMemberMessage(type: MessageType): boolean {
  return type === MessageType.Default || type === MessageType.Reply;
}
