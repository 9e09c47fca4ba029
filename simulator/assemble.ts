import { CommandStore } from "./commands/command-store";
import { generateSnowflake } from "./core/snowflake";
import { GatewayDispatcher } from "./gateway/gateway-dispatcher";
import { GatewayServer } from "./gateway/gateway-server";
import { SessionRegistry } from "./gateway/session-registry";
import { CallbackHandler } from "./interactions/callback-handler";
import { InteractionFactory } from "./interactions/interaction-factory";
import { InteractionStore } from "./interactions/interaction-store";
import { FaultInjector } from "./rest/faults";
import { RestServer } from "./rest/http-server";
import { RequestLog } from "./rest/request-log";
import { Router } from "./rest/router";
import { oauthApiRoutes } from "./oauth/oauth-routes";
import { OAuth2Store } from "./oauth/oauth-store";
import { allRoutes } from "./rest/routes";
import type { Clock, SimUser } from "./types";
import { Moderation } from "./world/moderation";
import { World } from "./world/world";

export interface SimulatorOptions {
  /** The bot token; default "sim-token". */
  token?: string;
  /** What GET /gateway/bot recommends; default 1. */
  shardCount?: number;
  /**
   * Which session gets an INTERACTION_CREATE when several own the guild: "newest" (default), or
   * "round-robin" across them — several bot processes serving the same shard, as behind Discord's HTTP
   * interactions endpoint and a load balancer; used to test invariants across processes.
   */
  interactionRouting?: "newest" | "round-robin";
  /** Whether the application may use privileged intents (members, presences, message content); default true. */
  allowPrivilegedIntents?: boolean;
  /**
   * session_start_limit.max_concurrency; default 16, so discord.js identifies up to 16 shards at once
   * instead of one per 5 s (what Discord grants small bots: set 1 to reproduce that).
   */
  maxConcurrency?: number;
  /** HELLO's heartbeat_interval; default 41250 ms. */
  heartbeatIntervalMs?: number;
  /** Time source for interaction windows (3 s / 15 min), timeouts and timestamps; default Date.now. */
  clock?: Clock;
  /** How many requests the log keeps before dropping the older half; default 100000. */
  requestLogLimit?: number;
  /** The bot's username; default "Warden". */
  botName?: string;
  /** The application's OAuth2 client secret (its client id is the bot's id); default "sim-client-secret". */
  clientSecret?: string;
}

export interface SimulatorParts {
  token: string;
  world: World;
  commands: CommandStore;
  interactions: InteractionStore;
  factory: InteractionFactory;
  registry: SessionRegistry;
  gateway: GatewayServer;
  rest: RestServer;
  requests: RequestLog;
  faults: FaultInjector;
  moderation: Moderation;
  applicationOwner: SimUser;
  oauth: OAuth2Store;
  port: number;
}

/** Wires the world, the stores, the gateway and the REST server together, listening on a free port. */
export async function assembleSimulator(options: SimulatorOptions): Promise<SimulatorParts> {
  const token = options.token ?? "sim-token";
  const clock = options.clock ?? Date.now;
  let port = 0;
  const gatewayUrl = () => `ws://127.0.0.1:${port}`;
  const registry = new SessionRegistry();
  const dispatcher = new GatewayDispatcher(registry, options.interactionRouting ?? "newest");
  const botId = generateSnowflake(clock());
  const botUser: SimUser = {
    id: botId,
    username: options.botName ?? "Warden",
    bot: true,
    globalName: null,
    dmsClosed: false,
  };
  const world = new World(clock, dispatcher, botUser);
  dispatcher.attach(world);
  const applicationOwner = world.createUser({ username: "app-owner" });
  const commands = new CommandStore(botId, clock);
  const interactions = new InteractionStore(clock);
  const callbacks = new CallbackHandler(world, interactions);
  const moderation = new Moderation(world);
  const oauth = new OAuth2Store(botId, options.clientSecret ?? "sim-client-secret", clock);
  const router = new Router().add(oauthApiRoutes(oauth, world)).add(
    allRoutes({
      world,
      commands,
      interactions,
      callbacks,
      moderation,
      applicationOwner,
      shardCount: options.shardCount ?? 1,
      maxConcurrency: options.maxConcurrency ?? 16,
      gatewayUrl,
    }),
  );
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
  const gateway = new GatewayServer(
    {
      token,
      heartbeatIntervalMs,
      url: gatewayUrl,
      allowPrivilegedIntents: options.allowPrivilegedIntents ?? true,
    },
    world,
    registry,
    dispatcher,
  );
  const requests = new RequestLog(options.requestLogLimit);
  const faults = new FaultInjector();
  const rest = new RestServer({
    token,
    router,
    log: requests,
    faults,
    cdn: world.cdn,
    oauth,
    world,
    onUpgrade: (request, socket, head) => gateway.handleUpgrade(request, socket, head),
  });
  port = await rest.listen();
  world.cdn.baseUrl = `http://127.0.0.1:${port}`;
  const factory = new InteractionFactory(world, commands, interactions, dispatcher);
  return {
    token,
    world,
    commands,
    interactions,
    factory,
    registry,
    gateway,
    rest,
    requests,
    faults,
    moderation,
    applicationOwner,
    oauth,
    port,
  };
}
