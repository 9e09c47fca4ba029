import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { DatabaseService } from "../../database/database-service";
import { SchemaVersions } from "../../database/schema-version";
import { wardenVersion } from "../../version";
import { aboutEmbed } from "./about-embed";
import { AboutCommand, PingCommand } from "./definitions";

/** `/ping` and `/about`: the smallest proof that the whole path works. */
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
  ) {}

  private ping(context: CommandContext): Promise<Reply> {
    const ping = context.interaction.client.ws.ping;
    return Promise.resolve({
      content: ping >= 0 ? context.t.t("core.pong", { ms: ping }) : context.t.t("core.pong_measuring"),
    });
  }

  private async about(context: CommandContext): Promise<Reply> {
    const client = context.interaction.client;
    // Either may find the database away: /about still answers, saying so.
    const [health, schema] = await Promise.all([
      this.db.health(),
      this.schemas.current().catch(() => undefined),
    ]);
    return {
      embeds: [
        aboutEmbed(context.t, {
          version: wardenVersion(),
          uptimeMs: client.uptime ?? 0,
          shardId: context.interaction.guild?.shardId ?? 0,
          shardCount: client.options.shardCount ?? 1,
          gatewayPingMs: client.ws.ping,
          database: health,
          schema,
          embeddedDatabase: this.db.isEmbedded,
        }),
      ],
    };
  }
}
