import { once } from "node:events";
import { Client, Events, GatewayIntentBits, type ClientEvents, type ClientOptions } from "discord.js";
import type { DiscordSimulator } from "../../../simulator";

export const ALL_TEST_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildModeration,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
];

/** Real discord.js clients made by a test file, destroyed together afterwards. */
export class Clients {
  private readonly made: Client[] = [];

  create(sim: DiscordSimulator, options: Partial<ClientOptions> = {}): Client {
    const client = new Client({
      intents: ALL_TEST_INTENTS,
      ...options,
      rest: { api: sim.apiUrl, ...options.rest },
    });
    this.made.push(client);
    return client;
  }

  /** A client logged in with the simulator's token, after `clientReady`. */
  async ready(sim: DiscordSimulator, options: Partial<ClientOptions> = {}): Promise<Client<true>> {
    const client = this.create(sim, options);
    const ready = once(client, Events.ClientReady);
    await client.login(sim.token);
    await ready;
    if (!client.isReady()) throw new Error("client reported clientReady but is not ready");
    return client;
  }

  async destroyAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((client) => client.destroy()));
  }
}

/** The next `event` (matching `predicate`) a client emits, or a rejection naming it after `timeoutMs`. */
export function nextEvent<K extends keyof ClientEvents>(
  client: Client,
  event: K,
  predicate: (...args: ClientEvents[K]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[K]) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${String(event)}`));
    }, timeoutMs);
    client.on(event, listener);
  });
}
