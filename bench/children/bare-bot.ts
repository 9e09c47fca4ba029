import { AsyncLocalStorage } from "node:async_hooks";
import { Client, Events, GatewayIntentBits } from "discord.js";
import { Agent } from "undici";

/**
 * The baseline of `interaction.ping.vs_bare_djs` and `bot.rss_1k_guilds.vs_bare_djs`: discord.js with its
 * default caches and nothing in between, replying `interaction.reply("Pong!")`, run as its own process like
 * Warden. Env: DISCORD_TOKEN, DISCORD_API_URL, BARE_SHARD, BARE_SHARD_COUNT, BARE_CONNECTIONS (the same REST
 * connection cap Warden uses), BARE_INTENTS (an intents bitfield; default Guilds only), BARE_ASYNC_STORE=1 (an
 * AsyncLocalStorage run once, as Warden's transaction scope does: on Node 20 its promise hooks then stay on).
 */
async function main(): Promise<void> {
  if (process.env.BARE_ASYNC_STORE === "1") new AsyncLocalStorage<object>().run({}, () => undefined);
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const client = new Client({
    intents: Number(process.env.BARE_INTENTS ?? GatewayIntentBits.Guilds),
    shards: [Number(env("BARE_SHARD"))],
    shardCount: Number(env("BARE_SHARD_COUNT")),
    rest: {
      api: env("DISCORD_API_URL"),
      agent: new Agent({ connections: Number(env("BARE_CONNECTIONS")), keepAliveTimeout: 30_000 }),
    },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    interaction
      .reply("Pong!")
      .catch((error: unknown) => process.stderr.write(`reply failed: ${String(error)}\n`));
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(env("DISCORD_TOKEN"));
  await ready;
  process.stdout.write("bare bot ready\n");
  process.once("SIGTERM", () => {
    void client.destroy().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare bot failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
