import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import type { Config } from "../../config";
import { ProcessBootController } from "../../controllers/process-boot-controller";
import { DatabaseService } from "../../database/database-service";
import { SchemaVersions } from "../../database/schema-version";
import { TOKENS } from "../../tokens";
import { wardenVersion } from "../../version";
import { aboutEmbed } from "./about-embed";
import { processesField } from "./processes-field";
import { AboutCommand, PingCommand } from "./definitions";

/**
 * `/ping` and `/about`: the smallest proof that the whole path works. The bot's owners also see every live
 * Warden process (from the heartbeat rows), so a stuck or outdated one stands out.
 */
@injectable()
export class CoreCog implements Cog {
  readonly name = "core";
  readonly database = "optional";
  readonly commands = [
    slashCommand(PingCommand, (context) => this.ping(context)),
    slashCommand(AboutCommand, (context) => this.about(context), { ephemeral: true }),
  ];

  constructor(
    @inject(DatabaseService) private readonly db: DatabaseService,
    @inject(SchemaVersions) private readonly schemas: SchemaVersions,
    @inject(ProcessBootController) private readonly boots: ProcessBootController,
    @inject(TOKENS.Config) private readonly config: Config,
  ) {}

  private ping(context: CommandContext): Promise<Reply> {
    const ping = context.interaction.client.ws.ping;
    return Promise.resolve({
      content: ping >= 0 ? context.t.t("core.pong", { ms: ping }) : context.t.t("core.pong_measuring"),
    });
  }

  private async about(context: CommandContext): Promise<Reply> {
    const client = context.interaction.client;
    const owner = this.config.OWNER_IDS.includes(context.user.id);
    // Any may find the database away: /about still answers, saying so.
    const [health, schema, processes] = await Promise.all([
      this.db.health(),
      this.schemas.current().catch(() => undefined),
      owner ? this.boots.live().catch(() => undefined) : undefined,
    ]);
    const embed = aboutEmbed(context.t, {
      version: wardenVersion(),
      uptimeMs: client.uptime ?? 0,
      shardId: context.interaction.guild?.shardId ?? 0,
      shardCount: client.options.shardCount ?? 1,
      gatewayPingMs: client.ws.ping,
      database: health,
      schema,
      embeddedDatabase: this.db.isEmbedded,
    });
    if (owner) {
      const facts = {
        version: wardenVersion(),
        schema: schema === undefined ? undefined : (schema?.name ?? null),
        now: Date.now(),
        lateAfterMs: this.boots.renewEveryMs * 2,
      };
      embed.fields = [...(embed.fields ?? []), processesField(context.t, processes, facts)];
    }
    return { embeds: [embed] };
  }
}
