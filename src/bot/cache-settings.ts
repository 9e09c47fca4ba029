import { Options, type CacheFactory, type GuildMember, type User } from "discord.js";

/**
 * Members kept per guild, oldest evicted first. Nothing depends on a member being cached: hierarchy checks
 * get the moderator and the target with the interaction (the bot's own member is always kept), and the
 * event log takes role changes from the audit log (MEMBER_ROLE_UPDATE entries), not from the roles a
 * cached member had before GUILD_MEMBER_UPDATE.
 */
export const MEMBERS_PER_GUILD = 25;
/** Users kept across guilds, for names in case suggestions; cached members keep their own user alive. */
export const USERS = 1_000;

const isBot = (entity: GuildMember | User): boolean => entity.id === entity.client.user.id;

/**
 * What Warden keeps of Discord's state: guilds, channels, roles (permission and hierarchy checks need
 * them) and a few recent members and users. Nothing reads messages, presences, voice states, reactions,
 * emojis, stickers, invites, bans or scheduled events from the cache: the message log is in PostgreSQL,
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
    GuildMemberManager: { maxSize: MEMBERS_PER_GUILD, keepOverLimit: isBot },
    UserManager: { maxSize: USERS, keepOverLimit: isBot },
  });
}
