import { LoginRejectedError } from "../errors/operator-errors";
import type { EventEmitter } from "node:events";
import { DiscordjsErrorCodes, Events, type Client } from "discord.js";
import { inject } from "tsyringe";
import { service } from "../service";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { TOKENS } from "../tokens";
import { createClient } from "./client-factory";
import type { Cog } from "./cog";
import { applicationCommands, syncCommands } from "./commands/sync";
import { DatabaseGate } from "./database-gate";
import { Incidents } from "./incidents";
import { InteractionRouter } from "./interactions/router";
import { skipOwnMessages } from "./own-messages";
import { Scheduler } from "./scheduler";
import { SchedulerEvents } from "./scheduler-events";

const DISALLOWED_INTENTS = 4014;
const INTENTS_REFUSED =
  "Discord refused the privileged intents: enable Server Members Intent and Message Content Intent for the bot in the Discord Developer Portal, or unset PRIVILEGED_INTENTS.";

/** The Discord side of Warden: one client, the router, the cogs' listeners and the command registry. */
@service()
export class Bot {
  private discord: Client | undefined;
  private readonly scheduler: Scheduler;

  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(InteractionRouter) readonly router: InteractionRouter,
    @inject(SchedulerEvents) schedulerEvents: SchedulerEvents,
    @inject(Incidents) private readonly incidents: Incidents,
    @inject(DatabaseGate) gate: DatabaseGate,
  ) {
    this.scheduler = new Scheduler(incidents, gate, schedulerEvents);
  }

  get client(): Client {
    if (!this.discord) throw new Error("the bot has not been started");
    return this.discord;
  }

  /** The client once `start` has made it (the database may be up before Discord is). */
  get clientIfStarted(): Client | undefined {
    return this.discord;
  }

  /** Logs in, waits for READY on every shard this process runs, then brings the commands up to date. */
  async start(cogs: readonly Cog[]): Promise<void> {
    const client = createClient(this.config, cogs);
    this.discord = client;
    if (!skipOwnMessages(client))
      this.logger.warn("discord.js changed: Warden's own messages are processed again");
    this.router.register(cogs);
    this.attachListeners(client, cogs);
    client.on(Events.InteractionCreate, (interaction) => void this.router.handle(interaction));
    client.on(Events.Error, (error) => this.logger.error({ err: error }, "discord client error"));
    client.on(Events.ShardDisconnect, (event, shardId) =>
      this.logger.warn({ shardId, code: event.code }, "shard disconnected"),
    );
    client.on(Events.ShardResume, (shardId) => this.logger.info({ shardId }, "shard resumed"));
    // discord.js gives up on a shard refused its intents without rejecting login: watch for it.
    const ready = new Promise<void>((resolve, reject) => {
      client.once(Events.ClientReady, () => resolve());
      client.on(Events.ShardDisconnect, (event) => {
        if (event.code !== DISALLOWED_INTENTS) return;
        reject(new LoginRejectedError(INTENTS_REFUSED));
      });
    });
    ready.catch(() => undefined); // awaited below; login may still be running when it is refused
    try {
      await client.login(this.config.DISCORD_TOKEN);
    } catch (error) {
      await client.destroy();
      const code = error instanceof Error && "code" in error ? error.code : undefined;
      if (code === DiscordjsErrorCodes.TokenInvalid) throw new LoginRejectedError();
      // @discordjs/ws rejects with a plain Error("Used disallowed intents") for close code 4014.
      const disallowed = error instanceof Error && /disallowed intents/i.test(error.message);
      if (code === DiscordjsErrorCodes.DisallowedIntents || disallowed)
        throw new LoginRejectedError(INTENTS_REFUSED);
      throw error;
    }
    try {
      await ready;
    } catch (error) {
      await client.destroy();
      throw error;
    }
    this.logger.info(
      { user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.ws.shards.size },
      "logged in to Discord",
    );
    await this.syncCommands(client, cogs);
    if (client.isReady())
      this.scheduler.start(
        client,
        cogs.flatMap((cog) =>
          (cog.tasks ?? []).map((task) => ({ task, needsDatabase: cog.database !== "none" })),
        ),
      );
  }

  /** Refuses new interactions, lets those in flight finish (bounded), then disconnects. */
  async stop(): Promise<void> {
    this.router.stopAccepting();
    await this.scheduler.stop();
    const left = await this.router.drain(this.config.SHUTDOWN_TIMEOUT_MS);
    if (left > 0) this.logger.warn({ left }, "stopping with interactions still in flight");
    await this.discord?.destroy();
  }

  private async syncCommands(client: Client, cogs: readonly Cog[]): Promise<void> {
    const applicationId = client.application?.id;
    // One process registers: the one running shard 0 (every process has the same definitions).
    if (!applicationId || !client.ws.shards.has(0)) return;
    try {
      await syncCommands(
        client.rest,
        { applicationId, guildId: this.config.DEV_GUILD_ID },
        applicationCommands(cogs),
        this.logger,
      );
    } catch (error) {
      this.logger.error({ err: error }, "could not register the slash commands; run npm run deploy-commands");
    }
  }

  private attachListeners(client: Client, cogs: readonly Cog[]): void {
    for (const cog of cogs) {
      for (const registration of cog.listeners ?? []) {
        const source = `listener:${cog.name}:${registration.event}`;
        const run = (...args: unknown[]): void =>
          void this.incidents.detach(source, () => registration.run(...args));
        const emitter: EventEmitter = client;
        if (registration.once) emitter.once(registration.event, run);
        else emitter.on(registration.event, run);
      }
    }
  }
}
