import type { APIApplicationCommand } from "discord-api-types/v10";
import { assembleSimulator, type SimulatorOptions, type SimulatorParts } from "./assemble";
import type { InteractionHandle } from "./interactions/sim-interaction";
import type { FaultInjector } from "./rest/faults";
import type { RequestLog } from "./rest/request-log";
import type {
  CommandInput,
  ComponentInput,
  MenuInput,
  ModalSubmitInput,
  DmCommandInput,
  DmComponentInput,
  DmModalSubmitInput,
  SessionInfo,
  SimDmChannel,
  SimMember,
  SimMessage,
  SimUser,
} from "./types";
import type { AutoModTrigger, SimAutoModRule } from "./world/automod";
import type { SimUpload } from "./world/cdn";
import type { SimGuild } from "./world/guild";
import { seedHistory, type PastMessage } from "./world/history";
import { populate, type PopulationSpec } from "./world/populate";

export type { SimulatorOptions } from "./assemble";

/** A fake Discord (REST + gateway) on 127.0.0.1 that the real discord.js Client connects to. */
export class DiscordSimulator {
  readonly token: string;
  readonly application: { id: string };
  readonly botUser: SimUser;
  /** The user who owns the application (GET /applications/@me `owner`). */
  readonly applicationOwner: SimUser;
  readonly requests: RequestLog;
  readonly faults: FaultInjector;
  /** The application's OAuth2 side: client id and secret, and every code redemption tried. */
  readonly oauth2: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly redemptions: ReadonlyArray<{ code: string; ok: boolean }>;
  };

  private constructor(
    private readonly parts: SimulatorParts,
    private readonly port: number,
  ) {
    this.token = parts.token;
    this.botUser = parts.world.botUser;
    this.application = { id: parts.world.botUser.id };
    this.applicationOwner = parts.applicationOwner;
    this.requests = parts.requests;
    this.faults = parts.faults;
    this.oauth2 = parts.oauth;
  }

  static async start(options: SimulatorOptions = {}): Promise<DiscordSimulator> {
    const parts = await assembleSimulator(options);
    return new DiscordSimulator(parts, parts.port);
  }

  /** REST base for discord.js (`rest: { api }`) or DISCORD_API_URL; routes live under /api/v10. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Where the fake CDN serves uploads (DISCORD_CDN_URL: the bot downloads attachments only from there). */
  get cdnUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where browsers are sent to sign in (`/oauth2/authorize`, as on discord.com: outside `/api`). */
  get authorizeUrl(): string {
    return `http://127.0.0.1:${this.port}/oauth2/authorize`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  // ---- world model

  createUser(init?: {
    username?: string;
    bot?: boolean;
    globalName?: string | null;
    dmsClosed?: boolean;
  }): SimUser {
    return this.parts.world.createUser(init);
  }

  /** A guild with @everyone, #general, an owner, and the bot (role "Warden", position 10). */
  createGuild(init?: { name?: string; ownerId?: string; id?: string }): SimGuild {
    return this.parts.world.createGuild(init);
  }

  /** Many guilds of many members and channels, fast: see `PopulationSpec` (1,000 × 200 × 20 in about a second). */
  populate(spec: PopulationSpec): SimGuild[] {
    return populate(this.parts.world, spec);
  }

  guild(id: string): SimGuild {
    return this.parts.world.guild(id);
  }

  user(id: string): SimUser {
    return this.parts.world.user(id);
  }

  /** The bot's DM channel with a user (opened now if it was not yet), e.g. to aim a fault at its messages. */
  dmChannelWith(userId: string): SimDmChannel {
    return this.parts.world.dmChannelWith(userId);
  }

  /** Messages the bot sent to a user's DMs. */
  dmsTo(userId: string): SimMessage[] {
    return [...this.parts.world.dmMessagesTo(userId)];
  }

  /**
   * A member bans someone through Discord's own UI (or another bot does): Discord's permission and
   * hierarchy checks, an audit-log entry naming them, and GUILD_BAN_ADD.
   */
  banAs(input: { guildId: string; actorId: string; userId: string; reason?: string | null }): void {
    const guild = this.parts.world.guild(input.guildId);
    this.parts.moderation.ban(guild, input.actorId, input.userId, input.reason ?? null, 0);
  }

  /** A member kicks someone through Discord's own UI: checks, a MEMBER_KICK audit entry, GUILD_MEMBER_REMOVE. */
  kickAs(input: { guildId: string; actorId: string; userId: string; reason?: string | null }): void {
    const guild = this.parts.world.guild(input.guildId);
    this.parts.moderation.kick(guild, input.actorId, input.userId, input.reason ?? null);
  }

  /** A member lifts a ban through Discord's own UI: checks, a MEMBER_BAN_REMOVE audit entry, GUILD_BAN_REMOVE. */
  unbanAs(input: { guildId: string; actorId: string; userId: string; reason?: string | null }): void {
    const guild = this.parts.world.guild(input.guildId);
    this.parts.moderation.unban(guild, input.actorId, input.userId, input.reason ?? null);
  }

  /**
   * A member times someone out (`until` a date), changes it, or lifts it (`until: null`) through Discord's own
   * UI: checks, GUILD_MEMBER_UPDATE, and a MEMBER_UPDATE audit entry with the communication_disabled_until change.
   */
  timeoutAs(input: {
    guildId: string;
    actorId: string;
    userId: string;
    until: Date | null;
    reason?: string | null;
  }): void {
    const guild = this.parts.world.guild(input.guildId);
    const communicationDisabledUntil = input.until?.toISOString() ?? null;
    this.parts.moderation.updateMember(
      guild,
      input.actorId,
      input.userId,
      { communicationDisabledUntil },
      input.reason ?? null,
    );
  }

  /**
   * A member (or another bot) changes someone's roles through Discord: Discord's permission and hierarchy
   * checks, GUILD_MEMBER_UPDATE, and a MEMBER_ROLE_UPDATE audit entry with `$add` / `$remove`.
   */
  changeRolesAs(input: {
    guildId: string;
    actorId: string;
    userId: string;
    add?: string[];
    remove?: string[];
    reason?: string | null;
  }): void {
    const guild = this.parts.world.guild(input.guildId);
    const removed = new Set(input.remove ?? []);
    const roles = [...guild.member(input.userId).roles, ...(input.add ?? [])].filter(
      (id) => !removed.has(id),
    );
    this.parts.moderation.updateMember(guild, input.actorId, input.userId, { roles }, input.reason ?? null);
  }

  /**
   * A file a member uploads with a command (pass its `id` as an attachment option's value); the fake CDN
   * serves its bytes at its URL (faults apply: `path: "/attachments/:id/:name"`). `size` overrides the size
   * Discord reports; `origin` makes its URL point elsewhere (e.g. `http://localhost:<port>`, still served
   * here), which Discord never does.
   */
  upload(init: {
    filename: string;
    content: Buffer | string;
    contentType?: string;
    size?: number;
    origin?: string;
  }): SimUpload {
    return this.parts.world.cdn.upload(init);
  }

  /** An AutoMod rule of a guild (fetchable by a bot with Manage Server). */
  createAutoModRule(init: { guildId: string; name: string; creatorId?: string }): SimAutoModRule {
    return this.parts.world.automod.createRule(init);
  }

  /**
   * AutoMod blocks a member's message or times them out: an audit entry by the AutoMod system user, and
   * AUTO_MODERATION_ACTION_EXECUTION to bots with Manage Server and the AutoModerationExecution intent.
   */
  autoModAction(input: AutoModTrigger): void {
    this.parts.world.automod.trigger(input);
  }

  /** A user posts a message in a guild channel (MESSAGE_CREATE to bots with the GuildMessages intent). */
  postMessage(input: { channelId: string; userId: string; content: string }): SimMessage {
    const location = this.parts.world.locateChannel(input.channelId);
    if (!location || location.kind !== "guild") throw new Error(`no guild channel ${input.channelId}`);
    if (!location.guild.members.has(input.userId)) throw new Error(`user ${input.userId} is not a member`);
    const content = { content: input.content, embeds: [], components: [], flags: 0, attachments: [] };
    return this.parts.world.messages.create(location, content, { authorId: input.userId });
  }

  /** Someone edits a message's text in Discord (MESSAGE_UPDATE). */
  editMessage(messageId: string, content: string): SimMessage {
    return this.parts.world.messages.edit(messageId, { content });
  }

  /** Someone deletes one message in Discord's UI (MESSAGE_DELETE; Discord writes no audit entry for own ones). */
  deleteMessage(messageId: string): void {
    this.parts.world.messages.delete(messageId);
  }

  /** Several messages of one channel go at once, as a bulk delete does (one MESSAGE_DELETE_BULK). */
  deleteMessages(channelId: string, messageIds: string[]): void {
    const location = this.parts.world.locateChannel(channelId);
    if (!location) throw new Error(`no channel ${channelId}`);
    this.parts.world.messages.deleteMany(location, messageIds);
  }

  /** A member changes someone's nickname in Discord: checks, GUILD_MEMBER_UPDATE, a MEMBER_UPDATE audit entry. */
  nicknameAs(input: { guildId: string; actorId: string; userId: string; nick: string | null }): void {
    const guild = this.parts.world.guild(input.guildId);
    this.parts.moderation.updateMember(guild, input.actorId, input.userId, { nick: input.nick }, null);
  }

  /** History a guild channel already had: messages sent at given times, with no gateway event. */
  seedHistory(channelId: string, messages: readonly PastMessage[]): SimMessage[] {
    return seedHistory(this.parts.world, channelId, messages);
  }

  /** A user joins through an invite: its use count goes up, then GUILD_MEMBER_ADD, as on Discord. */
  joinWithInvite(guildId: string, userId: string, code: string): SimMember {
    const guild = this.parts.world.guild(guildId);
    guild.invites.get(code).uses += 1;
    return guild.addMember(userId);
  }

  // ---- interactions

  command(input: CommandInput): InteractionHandle {
    return this.parts.factory.command(input);
  }

  autocomplete(input: CommandInput & { focused: string }): InteractionHandle {
    return this.parts.factory.command(input, input.focused);
  }

  /** A user menu on a member, e.g. `userMenu({ guildId, userId: mod.id, name: "Warn", targetId: bob.id })`. */
  userMenu(input: Omit<MenuInput, "kind">): InteractionHandle {
    return this.parts.factory.menu({ ...input, kind: "user" });
  }

  /** A message menu on a message (the interaction comes from that message's channel). */
  messageMenu(input: Omit<MenuInput, "kind">): InteractionHandle {
    return this.parts.factory.menu({ ...input, kind: "message" });
  }

  button(input: ComponentInput): InteractionHandle {
    return this.parts.factory.component(input);
  }

  select(input: ComponentInput & { values: string[] }): InteractionHandle {
    return this.parts.factory.component(input, input.values);
  }

  modalSubmit(input: ModalSubmitInput): InteractionHandle {
    return this.parts.factory.modalSubmit(input);
  }

  /** A slash command used in the user's DMs with the bot (no guild), e.g. `/appeal`. */
  dmCommand(input: DmCommandInput): InteractionHandle {
    return this.parts.factory.dmCommand(input);
  }

  /** A button pressed on a message in the user's DMs with the bot (an interaction with no guild). */
  dmButton(input: DmComponentInput): InteractionHandle {
    return this.parts.factory.dmComponent(input);
  }

  /** A modal shown in the user's DMs, submitted (an interaction with no guild). */
  dmModalSubmit(input: DmModalSubmitInput): InteractionHandle {
    return this.parts.factory.dmModalSubmit(input);
  }

  // ---- observation

  /** The registered commands, as Discord stores them (global when `guildId` is omitted). */
  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return this.parts.commands.list(guildId);
  }

  /** Shards that identified and can still receive events (connected, or dropped but resumable). */
  get sessions(): ReadonlyArray<SessionInfo> {
    return this.parts.registry.info();
  }

  waitForShards(count: number, timeoutMs = 5000): Promise<void> {
    return this.parts.registry.waitForConnected(count, timeoutMs);
  }

  // ---- faults

  /** Cuts gateway sockets without a close frame (like a network failure); discord.js then RESUMEs. */
  dropGateway(shardId?: number): void {
    this.parts.gateway.drop(shardId);
  }

  async close(): Promise<void> {
    this.parts.gateway.close();
    this.parts.registry.close();
    this.parts.requests.close();
    this.parts.interactions.close();
    await this.parts.rest.close();
  }
}
