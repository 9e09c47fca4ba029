import { Client, Events, GatewayIntentBits } from "discord.js";
import { Pool } from "pg";
import { Agent } from "undici";

/** The one statement Warden's /balance reads a balance with (EconomySql.balance), written by hand. */
const BALANCE = `SELECT "balance" AS balance FROM "member_balances" WHERE "guild_id" = $1 AND "user_id" = $2`;

/**
 * The baseline of `interaction.balance.cpu_ratio`: discord.js with nothing in between, answering `/balance`
 * with that one raw SELECT on pg and `interaction.reply`, run as its own process like Warden. Env as
 * bare-bot.ts, plus DATABASE_URL and BARE_POOL_MAX, BARE_POOL_MIN, BARE_POOL_IDLE_MS (Warden's pool settings).
 */
async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const pool = new Pool({
    connectionString: env("DATABASE_URL"),
    max: Number(env("BARE_POOL_MAX")),
    min: Number(env("BARE_POOL_MIN")),
    idleTimeoutMillis: Number(env("BARE_POOL_IDLE_MS")),
  });
  pool.on("error", (error) => process.stderr.write(`idle connection failed: ${error.message}\n`));
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    shards: [Number(env("BARE_SHARD"))],
    shardCount: Number(env("BARE_SHARD_COUNT")),
    rest: {
      api: env("DISCORD_API_URL"),
      agent: new Agent({ connections: Number(env("BARE_CONNECTIONS")), keepAliveTimeout: 30_000 }),
    },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand() || interaction.commandName !== "balance") return;
    pool
      .query<{ balance: string }>(BALANCE, [interaction.guildId, interaction.user.id])
      .then(({ rows }) => interaction.reply(`You have **${rows[0]?.balance ?? "0"} points**.`))
      .catch((error: unknown) => process.stderr.write(`balance failed: ${String(error)}\n`));
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(env("DISCORD_TOKEN"));
  await ready;
  process.stdout.write("bare shapes ready\n");
  process.once("SIGTERM", () => {
    void client
      .destroy()
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare shapes failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
