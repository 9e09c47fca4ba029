import { Options, type CacheFactory, type GuildMember, type User } from "discord.js";

const isBot = (entity: GuildMember | User): boolean => entity.id === entity.client.user.id;

/**
 * What Warden keeps of Discord's state: guilds, channels, roles (permission and hierarchy checks need
 * them) and the bot's own member and user.
 *
 * No other member or user is kept. Nothing depends on one being cached: hierarchy checks get the moderator
 * and the target with the interaction, the event log takes role changes from the audit log
 * (MEMBER_ROLE_UPDATE entries) rather than from a cached member's old roles, and case suggestions search
 * the names recorded with the cases. A bounded cache would cost more than it saves: with members chatting
 * at random, nearly every message evicts one entry for another, and each entry lives just long enough to be
 * promoted to V8's old generation and die there, which fragments the heap the process then keeps.
 *
 * Nothing reads messages, presences, voice states, reactions, emojis, stickers, invites, bans or scheduled events from the cache: the message log is in PostgreSQL,
 * invites and bans are fetched with `cache: false` / `force: true`. Each of these would otherwise grow
 * with every guild and every message.
 */
export function wardenCaches(): CacheFactory {
  return Options.cacheWithLimits({
    ApplicationCommandManager: 0,
    AutoModerationRuleManager: 0,
    BaseGuildEmojiManager: 0,
    DMMessageManager: 0,
    GuildBanManager: 0,
    GuildEmojiManager: 0,
    GuildInviteManager: 0,
    GuildMessageManager: 0,
    GuildScheduledEventManager: 0,
    GuildStickerManager: 0,
    MessageManager: 0,
    PresenceManager: 0,
    ReactionManager: 0,
    ReactionUserManager: 0,
    StageInstanceManager: 0,
    ThreadMemberManager: 0,
    VoiceStateManager: 0,
    GuildMemberManager: { maxSize: 0, keepOverLimit: isBot },
    UserManager: { maxSize: 0, keepOverLimit: isBot },
  });
}
