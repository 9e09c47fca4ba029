import { inject, injectable } from "tsyringe";
import type { Cog } from "../../bot/cog";
import { slashCommand, type CommandContext } from "../../bot/commands/registration";
import type { Reply } from "../../bot/interactions/reply";
import { DatabaseService } from "../../database/database-service";
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

  constructor(@inject(DatabaseService) private readonly db: DatabaseService) {}

  private ping(context: CommandContext): Promise<Reply> {
    const ping = context.interaction.client.ws.ping;
    return Promise.resolve({
      content: ping >= 0 ? `Pong! Gateway latency ${ping} ms.` : "Pong!",
    });
  }

  private async about(context: CommandContext): Promise<Reply> {
    const client = context.interaction.client;
    const health = await this.db.health();
    return {
      embeds: [
        aboutEmbed({
          version: wardenVersion(),
          uptimeMs: client.uptime ?? 0,
          shardId: context.interaction.guild?.shardId ?? 0,
          shardCount: client.options.shardCount ?? 1,
          gatewayPingMs: client.ws.ping,
          database: health,
          embeddedDatabase: this.db.isEmbedded,
        }),
      ],
    };
  }
}
