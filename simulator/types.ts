import type {
  APIActionRowComponent,
  APIAuditLogChange,
  APIAuditLogOptions,
  APIComponentInMessageActionRow,
  APIEmbed,
  AuditLogEvent,
  ChannelType,
  OverwriteType,
} from "discord-api-types/v10";

/** Top-level message components as raw JSON. Typed as action rows (what most bots send); v2 layout
 * components (containers, sections, text displays) are stored unchanged too. */
export type SimComponents = APIActionRowComponent<APIComponentInMessageActionRow>[];

/** Milliseconds since the Unix epoch; injectable so tests can move time without sleeping. */
export type Clock = () => number;

export interface SimUser {
  id: string;
  username: string;
  bot: boolean;
  globalName: string | null;
  /** When true, the user does not accept DMs from the bot: sending one fails with 50007. */
  dmsClosed: boolean;
}

export interface SimRole {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  /** Managed by an integration, like a bot's own role: nobody can assign it by hand. */
  managed?: boolean;
}

export interface SimMember {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
  communicationDisabledUntil: string | null;
}

export interface SimPermissionOverwrite {
  id: string;
  type: OverwriteType;
  allow: bigint;
  deny: bigint;
}

export interface SimChannel {
  id: string;
  guildId: string;
  name: string;
  type: ChannelType;
  position: number;
  /** A category, or a thread's (forum post's) channel. */
  parentId: string | null;
  /** A thread's creator. */
  ownerId?: string;
  permissionOverwrites: SimPermissionOverwrite[];
  /** Slowmode: seconds a member waits between messages (text channels; 0 or absent: off). */
  rateLimitPerUser?: number;
  /** Visible (non-ephemeral) messages, oldest first. */
  messages: SimMessage[];
}

export interface SimDmChannel {
  id: string;
  recipientId: string;
  messages: SimMessage[];
}

export interface SimAttachment {
  id: string;
  filename: string;
  size: number;
  /** The file's bytes, for files the bot uploaded and files members upload (`sim.upload`). */
  data?: Buffer;
}

export interface SimMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: APIEmbed[];
  /** Raw component JSON as the bot sent it. */
  components: SimComponents;
  flags: number;
  ephemeral: boolean;
  allowedMentions?: unknown;
  authorId: string;
  attachments: SimAttachment[];
  /** ISO timestamps. */
  createdAt: string;
  editedAt: string | null;
  /** The interaction this message answers, when it is an interaction response or follow-up. */
  interactionId?: string;
  /** Autocomplete results (callback type 8). */
  choices?: { name: string; value: string | number }[];
  /** A modal the bot opened (callback type 9). */
  modal?: { custom_id: string; title: string; components: unknown[] };
}

export interface SimAuditEntry {
  id: string;
  actionType: AuditLogEvent;
  /** The actor. */
  userId: string;
  targetId: string | null;
  reason: string | null;
  changes?: APIAuditLogChange[];
  /** Extra info some entry types carry (message deletions: channel_id, count). */
  options?: APIAuditLogOptions;
}

export interface CommandInput {
  guildId: string;
  userId: string;
  /** Default: the guild's first text channel. */
  channelId?: string;
  name: string;
  group?: string;
  subcommand?: string;
  options?: Record<string, string | number | boolean>;
  locale?: string;
}

/** A context menu used on a member ("Warn" on @bob) or on a message. */
export interface MenuInput {
  guildId: string;
  userId: string;
  /** Default: the guild's first text channel (a message menu: the message's channel). */
  channelId?: string;
  /** The menu's name as registered, e.g. "Warn". */
  name: string;
  kind: "user" | "message";
  /** The user's id (a user menu) or the message's (a message menu). */
  targetId: string;
  locale?: string;
}

export interface ComponentInput {
  guildId: string;
  userId: string;
  channelId?: string;
  customId: string;
  /** The message the component sits on; default: the last bot message in the channel. */
  messageId?: string;
  /** The presser's Discord client language (default en-US). */
  locale?: string;
}

/** A button pressed in the user's DMs with the bot (no guild): on `messageId`, else their last DM. */
export interface DmComponentInput {
  userId: string;
  customId: string;
  messageId?: string;
  locale?: string;
}

/**
 * A slash command used in the user's DMs with the bot (no guild, no member): only a global command whose
 * contexts allow DMs (BotDM), as Discord's client offers no other there. Options of user, role or channel
 * type are not supported in DMs.
 */
export interface DmCommandInput {
  userId: string;
  name: string;
  group?: string;
  subcommand?: string;
  options?: Record<string, string | number | boolean>;
  locale?: string;
}

/** A modal the bot showed in a DM, submitted by the user. */
export interface DmModalSubmitInput {
  userId: string;
  customId: string;
  fields: Record<string, string>;
  locale?: string;
}

export interface ModalSubmitInput {
  guildId: string;
  userId: string;
  channelId?: string;
  customId: string;
  fields: Record<string, string>;
  /** The member's Discord client language (default en-US). */
  locale?: string;
}

export interface RecordedRequest {
  method: string;
  /** Decoded, without the /api/v10 prefix and without the query string. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string | undefined>;
  status: number;
  /** process.hrtime.bigint() when the request arrived. */
  at: bigint;
}

export interface FaultRule {
  method?: string;
  path: string | RegExp;
  status?: number;
  /**
   * Discord's JSON error code for a 4xx `status` (what the failure means on that route: 10007 Unknown
   * Member, 10026 Unknown Ban, 50001 Missing Access, …); default 50013 for 403 and 0 for 404.
   */
  code?: number;
  /** For 429: the Retry-After header and the body's retry_after (a per-route limit, global: false). */
  retryAfterSeconds?: number;
  /**
   * Delay before answering. With `status`, the request fails after the delay; without, it takes effect
   * on arrival (interaction acknowledged, gateway events sent) and only the HTTP response is late.
   */
  latencyMs?: number;
  /**
   * Called when a matching request arrives; the answer waits until the promise it returns settles (a
   * barrier, for tests that act between Discord receiving a request and the bot hearing back). Without
   * `status` the request takes effect on arrival; with `status` the failure is answered after the wait.
   */
  hold?: () => Promise<unknown>;
  /** How many requests the rule affects; default Infinity. */
  times?: number;
}

export interface SessionInfo {
  shardId: number;
  shardCount: number;
  sessionId: string;
  guildIds: string[];
  resumed: number;
  /** The intents the session identified with. */
  intents: number;
  /** `performance.now()` (in the simulator's process) when READY was sent. */
  readyAt: number;
}
