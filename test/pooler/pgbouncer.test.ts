import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { MIGRATIONS } from "../../src/migrations";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { withAdminClient } from "../support/database-server";
import { eventuallyAsync } from "../support/eventually";
import { tracked } from "../support/main-process";
import { startPeer, type Peer } from "../support/peer-process";
import { createDatabase, dropDatabase } from "../support/test-database";
import { startPgBouncer, type PgBouncer } from "../support/pgbouncer";

const DATABASE = `warden_pooler_w${process.env.JEST_WORKER_ID ?? "0"}`;
const WARNINGS = 120;

/**
 * Warden with DATABASE_URL through PgBouncer in transaction mode (four server connections shared by every
 * client) and DATABASE_DIRECT_URL to the server itself: migrations, the migration lock and LISTEN take the
 * direct path, every other statement the pooled one.
 */
describe("behind PgBouncer in transaction mode", () => {
  let bouncer: PgBouncer;
  let direct: string;
  let pooled: string;
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let moderators: SimUser[];
  let peer: Peer | undefined;

  beforeAll(async () => {
    direct = await createDatabase(DATABASE, { migrated: false });
    bouncer = await startPgBouncer(direct, { track: tracked });
    pooled = bouncer.pooled(direct);
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Pooled" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    moderators = Array.from({ length: 6 }, (_, index) => {
      const user = sim.createUser({ username: `mod${index}` });
      guild.addMember(user.id, { roles: [mods.id] });
      return user;
    });
    ({ app } = await startBot({ sim, databaseUrl: pooled, env: { DATABASE_DIRECT_URL: direct } }));
  });

  afterAll(async () => {
    await peer?.stop();
    await app?.stop();
    await sim?.close();
    await bouncer?.stop();
    await dropDatabase(DATABASE);
  });

  it("migrates a new database over the direct connection and starts", async () => {
    const applied = await withAdminClient(direct, (client) => client.query("SELECT name FROM migrations"));
    expect(applied.rowCount).toBe(MIGRATIONS.length);
  });

  it(`numbers ${WARNINGS} concurrent warnings 1..${WARNINGS} through the pooler, with no gap or duplicate`, async () => {
    const targets = Array.from({ length: 12 }, (_, index) => {
      const user = sim.createUser({ username: `member${index}` });
      guild.addMember(user.id);
      return user;
    });
    const replies = await Promise.all(
      Array.from({ length: WARNINGS }, (_, index) =>
        sim
          .command({
            guildId: guild.id,
            userId: moderators[index % moderators.length]?.id ?? "",
            name: "warn",
            options: { user: targets[index % targets.length]?.id ?? "", reason: `warning ${index}` },
          })
          .answer(30_000),
      ),
    );
    const unexpected = replies.filter(
      (reply) => !/^Warned \*\*member\d+\*\* \(case #\d+\)\./.test(reply.content),
    );
    expect(unexpected.map((reply) => reply.content).slice(0, 3)).toEqual([]);
    const numbers = await withAdminClient(direct, (client) =>
      client.query<{ number: number }>("SELECT number FROM cases WHERE guild_id = $1 ORDER BY number", [
        guild.id,
      ]),
    );
    expect(numbers.rows.map((row) => row.number)).toEqual(
      Array.from({ length: WARNINGS }, (_, index) => index + 1),
    );
  });

  it("hears another process's change on its direct LISTEN connection", async () => {
    const configs = app.container.resolve(GuildConfigController);
    await configs.get(guild.id); // cached from here on
    peer = await startPeer(pooled, { DATABASE_DIRECT_URL: direct });
    const channel = guild.createChannel({ name: "mod-log" });
    await peer.container.resolve(GuildConfigController).update(guild.id, { modLogChannelId: channel.id });
    await eventuallyAsync(
      async () => (await configs.get(guild.id)).modLogChannelId === channel.id,
      10_000,
      "the change heard through NOTIFY",
    );
  });
});
