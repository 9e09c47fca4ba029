import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
} from "discord-api-types/v10";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { userToApi } from "../world/serialize";
import type { World } from "../world/world";
import type { GatewayDispatcher } from "./gateway-dispatcher";
import type { GatewaySession } from "./gateway-session";
import { membersChunk } from "./members-chunk";
import type { SessionRegistry } from "./session-registry";

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  /** ws://127.0.0.1:PORT, also sent as resume_gateway_url. */
  url: () => string;
  /** False: an IDENTIFY asking for a privileged intent is closed with 4014, as for an unapproved app. */
  allowPrivilegedIntents: boolean;
}

type Payload = { op: number; d: Record<string, unknown> };

/** The WebSocket side: HELLO, IDENTIFY → READY + GUILD_CREATEs, heartbeats, RESUME, member chunks. */
export class GatewayServer {
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(
    private readonly options: GatewayOptions,
    private readonly world: World,
    private readonly registry: SessionRegistry,
    private readonly dispatcher: GatewayDispatcher,
  ) {
    this.wss.on("connection", (socket: WebSocket, request: IncomingMessage) => this.accept(socket, request));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit("connection", ws, request));
  }

  /** Closes sockets abruptly (no close frame), as a network failure would. */
  drop(shardId?: number): void {
    for (const session of this.registry.all()) {
      if (shardId === undefined || session.shardId === shardId) session.socket?.terminate();
    }
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const query = new URL(request.url ?? "/", "ws://localhost").searchParams;
    if (query.has("compress") || (query.get("encoding") ?? "json") !== "json") {
      socket.close(GatewayCloseCodes.DecodeError, "the simulator speaks uncompressed JSON only");
      return;
    }
    let session: GatewaySession | null = null;
    socket.on("message", (raw: RawData) => {
      const payload = parsePayload(raw);
      if (!payload) {
        socket.close(GatewayCloseCodes.DecodeError, "Error while decoding payload.");
      } else if (payload.op === GatewayOpcodes.Heartbeat) {
        this.sendOp(socket, GatewayOpcodes.HeartbeatAck, null);
      } else if (payload.op === GatewayOpcodes.Identify || payload.op === GatewayOpcodes.Resume) {
        if (session) {
          socket.close(GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated.");
        } else if (payload.d.token !== this.options.token) {
          socket.close(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
        } else if (!this.options.allowPrivilegedIntents && asksPrivileged(payload.d)) {
          socket.close(GatewayCloseCodes.DisallowedIntents, "Disallowed intent(s).");
        } else {
          const identify = payload.op === GatewayOpcodes.Identify;
          session = identify ? this.identify(socket, payload.d) : this.resume(socket, payload.d);
        }
      } else if (!session) {
        socket.close(GatewayCloseCodes.NotAuthenticated, "Not authenticated.");
      } else if (payload.op === GatewayOpcodes.RequestGuildMembers) {
        membersChunk(this.world, session, payload.d);
      }
    });
    socket.on("close", (code: number) => {
      if (!session || session.socket !== socket) return;
      session.socket = null;
      if (code === 1000 || code === 1001) this.registry.invalidate(session);
      else this.registry.notify();
    });
    this.sendOp(socket, GatewayOpcodes.Hello, { heartbeat_interval: this.options.heartbeatIntervalMs });
  }

  private identify(socket: WebSocket, data: Record<string, unknown>): GatewaySession | null {
    const shard = Array.isArray(data.shard) ? data.shard : [0, 1];
    const [shardId, shardCount] = shard;
    if (
      typeof shardId !== "number" ||
      typeof shardCount !== "number" ||
      shardId < 0 ||
      shardId >= shardCount
    ) {
      socket.close(GatewayCloseCodes.InvalidShard, "Invalid shard.");
      return null;
    }
    const intents = typeof data.intents === "number" ? data.intents : 0;
    const session = this.registry.create(shardId, shardCount, intents, socket);
    const guilds = [...this.world.guilds.values()].filter((guild) => session.owns(guild.id));
    session.send(GatewayDispatchEvents.Ready, {
      v: 10,
      user: { ...userToApi(this.world.botUser), verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.sessionId,
      session_type: "normal",
      resume_gateway_url: this.options.url(),
      shard: [shardId, shardCount],
      application: { id: this.world.botUser.id, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    });
    for (const guild of guilds) this.dispatcher.sendGuildCreate(session, guild);
    this.registry.notify();
    return session;
  }

  private resume(socket: WebSocket, data: Record<string, unknown>): GatewaySession | null {
    const session = typeof data.session_id === "string" ? this.registry.get(data.session_id) : undefined;
    const seq = typeof data.seq === "number" ? data.seq : -1;
    if (!session || !session.canResumeFrom(seq)) {
      if (session) this.registry.invalidate(session);
      this.sendOp(socket, GatewayOpcodes.InvalidSession, false);
      return null;
    }
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    session.replayAfter(seq);
    session.resumed += 1;
    session.send(GatewayDispatchEvents.Resumed, {});
    this.registry.notify();
    return session;
  }

  private sendOp(socket: WebSocket, op: GatewayOpcodes, d: unknown): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ op, d }));
  }
}

function parsePayload(raw: RawData): Payload | null {
  try {
    const parsed: unknown = JSON.parse(raw.toString());
    if (typeof parsed !== "object" || parsed === null || !("op" in parsed)) return null;
    const { op, d } = parsed as { op: unknown; d?: unknown };
    if (typeof op !== "number") return null;
    return { op, d: typeof d === "object" && d !== null ? (d as Record<string, unknown>) : {} };
  } catch {
    return null;
  }
}

const PRIVILEGED =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** Whether an IDENTIFY asks for an intent the application must be approved for in the Developer Portal. */
function asksPrivileged(data: Record<string, unknown>): boolean {
  return typeof data.intents === "number" && (data.intents & PRIVILEGED) !== 0;
}
