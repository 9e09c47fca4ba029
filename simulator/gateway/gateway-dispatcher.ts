import { GatewayDispatchEvents, GatewayIntentBits } from "discord-api-types/v10";
import type { WorldEvents } from "../world/events";
import type { SimGuild } from "../world/guild";
import { guildCreateData } from "../world/serialize-guild";
import type { World } from "../world/world";
import type { GatewaySession } from "./gateway-session";
import { redactMessageContent, wantsEvent } from "./intents";
import type { SessionRegistry } from "./session-registry";

/** Routes world events to the sessions (shards) that should receive them, filtered by intents. */
export class GatewayDispatcher implements WorldEvents {
  private world: World | null = null;
  private turn = 0;

  constructor(
    private readonly sessions: SessionRegistry,
    private readonly interactionRouting: "newest" | "round-robin" = "newest",
  ) {}

  attach(world: World): void {
    this.world = world;
  }

  dispatch(event: GatewayDispatchEvents, data: unknown, guildId: string | null): void {
    const botId = this.requireWorld().botUser.id;
    for (const session of this.sessions.all()) {
      if (!this.routesTo(session, guildId)) continue;
      if (!wantsEvent(session.intents, event, guildId !== null)) continue;
      session.send(event, redactMessageContent(session.intents, event, data, botId));
    }
  }

  guildJoined(guild: SimGuild): void {
    for (const session of this.sessions.all()) {
      if (session.owns(guild.id)) this.sendGuildCreate(session, guild);
    }
  }

  /** Sends GUILD_CREATE for one guild to one session (on READY and when the bot joins). */
  sendGuildCreate(session: GatewaySession, guild: SimGuild): void {
    session.guildIds.add(guild.id);
    if ((session.intents & GatewayIntentBits.Guilds) === 0) return;
    const allMembers = (session.intents & GatewayIntentBits.GuildPresences) !== 0;
    session.send(GatewayDispatchEvents.GuildCreate, guildCreateData(guild, this.requireWorld(), allMembers));
  }

  /**
   * Delivers an INTERACTION_CREATE to one session owning the guild (one bot instance answers an
   * interaction): the newest, or each in turn. Throws when none exists: it could never be answered.
   */
  sendInteraction(guildId: string | null, payload: unknown): void {
    const owners = [...this.sessions.all()].filter((session) => this.routesTo(session, guildId));
    const index =
      this.interactionRouting === "round-robin"
        ? this.turn++ % Math.max(owners.length, 1)
        : owners.length - 1;
    const target = owners[index];
    if (!target) {
      throw new Error(
        `no gateway session owns guild ${guildId ?? "(DM)"}: log a client in before interacting`,
      );
    }
    target.send(GatewayDispatchEvents.InteractionCreate, payload);
  }

  private routesTo(session: GatewaySession, guildId: string | null): boolean {
    return guildId === null ? session.shardId === 0 : session.owns(guildId);
  }

  private requireWorld(): World {
    if (!this.world) throw new Error("dispatcher used before the world was attached");
    return this.world;
  }
}
