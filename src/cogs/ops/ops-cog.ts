import { Events, Status, type Client } from "discord.js";
import { inject, injectable } from "tsyringe";
import { listener, type Cog } from "../../bot/cog";
import { Incidents } from "../../bot/incidents";
import { InteractionEvents } from "../../bot/interactions/interaction-events";
import { SchedulerEvents } from "../../bot/scheduler-events";
import type { Config } from "../../config";
import { BufferEvents } from "../../buffers/buffer-events";
import { DatabaseService } from "../../database/database-service";
import type { Logger } from "../../logger";
import { HealthServer, type HealthReport } from "../../ops/health-server";
import { WardenMetrics } from "../../ops/metrics";
import { servedShards } from "../../bot/served-shards";
import { TOKENS } from "../../tokens";

const HEALTH_CHECK_TIMEOUT_MS = 3000;

/**
 * Health and metrics for operators: an HTTP listener started once the client is ready (so it can report
 * the gateway) and stopped on shutdown. Interaction latencies arrive through InteractionEvents, rate-limit
 * hits from discord.js's REST manager.
 */
@injectable()
export class OpsCog implements Cog {
  readonly name = "ops";
  readonly database = "optional";
  readonly metrics: WardenMetrics;
  readonly listeners = [listener(Events.ClientReady, (client) => this.startServer(client), { once: true })];
  private readonly server: HealthServer;
  private client: Client | undefined;

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(DatabaseService) private readonly db: DatabaseService,
    @inject(InteractionEvents) events: InteractionEvents,
    @inject(SchedulerEvents) schedulerEvents: SchedulerEvents,
    @inject(BufferEvents) bufferEvents: BufferEvents,
    @inject(Incidents) incidents: Incidents,
  ) {
    this.metrics = new WardenMetrics(
      () => db.poolCounts(),
      () => db.connectionsTried(),
    );
    db.queries.onStatement((milliseconds, success) => this.metrics.observeQuery(milliseconds, success));
    events.onFinished((interaction) => this.metrics.observeInteraction(interaction));
    schedulerEvents.onRun((run) => this.metrics.observeTaskRun(run));
    bufferEvents.onDropped((drop) => this.metrics.countBufferDrop(drop));
    incidents.onFailure((failure) => this.metrics.countBackgroundFailure(failure));
    db.replicas.routed.add((routing) => this.metrics.countReplicaRouting(routing));
    this.server = new HealthServer(
      {
        health: () => this.health(),
        metrics: async () => ({ contentType: this.metrics.contentType, body: await this.metrics.render() }),
      },
      logger.child({ component: "health" }),
    );
  }

  /** The port `/healthz` and `/metrics` listen on, once started. */
  get port(): number | undefined {
    return this.server.port;
  }

  async onShutdown(): Promise<void> {
    await this.server.stop();
  }

  private async startServer(client: Client): Promise<void> {
    this.client = client;
    this.metrics.labelShards(servedShards(client));
    client.rest.on("rateLimited", (info) => this.metrics.countRateLimit(info.route, info.global));
    if (!this.config.HEALTH_ENABLED) return;
    try {
      await this.server.start(this.config.HEALTH_HOST, this.config.HEALTH_PORT);
    } catch (error) {
      // The bot is more useful without its health endpoint than not running at all.
      this.logger.error({ err: error }, "the health and metrics listener could not start");
    }
  }

  private async health(): Promise<HealthReport> {
    const database = await withTimeout(this.db.health(), HEALTH_CHECK_TIMEOUT_MS, {
      status: this.db.status,
      ok: false,
      error: "health check timed out",
    });
    const client = this.client;
    const gatewayReady = client !== undefined && client.isReady() && client.ws.status === Status.Ready;
    const gateway = { ok: gatewayReady, pingMs: client?.ws.ping ?? -1 };
    return { ok: database.ok && gateway.ok, database, gateway };
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
