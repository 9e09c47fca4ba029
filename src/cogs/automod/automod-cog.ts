import {
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  type Client,
  type ClientEvents,
  type GatewayDispatchPayload,
  type Invite,
} from "discord.js";
import { inject, injectable } from "tsyringe";
import { listener, type Cog, type ListenerRegistration } from "../../bot/cog";
import { slashCommand } from "../../bot/commands/registration";
import { Incidents } from "../../bot/incidents";
import type { Config } from "../../config";
import { TOKENS } from "../../tokens";
import { AutomodCommands } from "./automod-commands";
import { AutomodCommand } from "./definitions";
import { AutomodWatcher } from "./watcher";

/**
 * Warden's own automod (`/automod`): filters checked on every message in memory, acting with cases by
 * "Warden automod". Discord's native AutoMod is recorded elsewhere (moderation/automod-actions.ts).
 */
@injectable()
export class AutomodCog implements Cog {
  readonly name = "automod";
  readonly database = "required";
  readonly intents: GatewayIntentBits[] = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
  readonly commands = [
    slashCommand(
      AutomodCommand,
      {
        show: (context) => this.handlers.show(context),
        rule: (context, args) => this.handlers.rule(context, args),
        block: (context, { text }) => this.handlers.block(context, text, true),
        unblock: (context, { text }) => this.handlers.block(context, text, false),
        "allow-host": (context, { text }) => this.handlers.host(context, text, true),
        "disallow-host": (context, { text }) => this.handlers.host(context, text, false),
        exempt: (context, args) => this.handlers.exempt(context, args),
        ladder: (context, args) => this.handlers.ladder(context, args),
      },
      { ephemeral: true },
    ),
  ];
  readonly listeners;
  private readonly arriving = new Set<Promise<void>>();
  private client: Client | undefined;

  constructor(
    @inject(AutomodCommands) private readonly handlers: AutomodCommands,
    @inject(AutomodWatcher) private readonly watcher: AutomodWatcher,
    @inject(Incidents) private readonly incidents: Incidents,
    @inject(TOKENS.Config) config: Config,
  ) {
    if (config.PRIVILEGED_INTENTS) this.intents.push(GatewayIntentBits.MessageContent);
    const forget = (invite: Invite): void => {
      if (invite.guild) this.watcher.ownInvites.forget(invite.guild.id);
    };
    this.listeners = [
      listener(Events.ClientReady, (client) => void (this.client = client), { once: true }),
      rawMessages((packet) => {
        const client = this.client;
        if (!client) return;
        const check =
          packet.t === GatewayDispatchEvents.MessageCreate
            ? () => this.watcher.received(client, packet.d)
            : () => this.watcher.edited(client, packet.d);
        const checking = this.incidents
          .detach("automod:message", check)
          .finally(() => this.arriving.delete(checking));
        this.arriving.add(checking);
      }),
      listener(Events.InviteCreate, forget),
      listener(Events.InviteDelete, forget),
    ];
  }

  async onShutdown(): Promise<void> {
    await Promise.allSettled([...this.arriving]);
    this.watcher.stop();
  }
}

type MessagePacket = Extract<
  GatewayDispatchPayload,
  { t: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate }
>;

/** MESSAGE_CREATE and MESSAGE_UPDATE as the gateway sent them (discord.js's "raw" event, not in ClientEvents). */
function rawMessages(run: (packet: MessagePacket) => void): ListenerRegistration {
  return {
    event: Events.Raw as unknown as keyof ClientEvents,
    once: false,
    run: (...args: unknown[]) => {
      const packet = args[0] as GatewayDispatchPayload | undefined;
      if (
        packet?.t !== GatewayDispatchEvents.MessageCreate &&
        packet?.t !== GatewayDispatchEvents.MessageUpdate
      )
        return;
      // Bots and webhooks are never judged: dropped here, before any promise, since every reply Warden
      // sends comes back as one of these.
      if (packet.d.author?.bot || packet.d.webhook_id) return;
      run(packet);
    },
  };
}
