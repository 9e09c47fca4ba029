import type { WardenApp } from "../../src/app";
import { AutomodCog } from "../../src/cogs/automod/automod-cog";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { TcpProxy } from "../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_automod_outage_w${process.env.JEST_WORKER_ID ?? "0"}`;
const DELETE = "/channels/:channel/messages/:message";

jest.setTimeout(60_000);

describe("Warden's automod while the database is unreachable", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let proxy: TcpProxy;
  let guild: SimGuild;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Outage" });
    const forwarded = await TcpProxy.forUrl(await createDatabase(DATABASE, { migrated: true }));
    proxy = forwarded.proxy;
    ({ app } = await startBot({
      sim,
      databaseUrl: forwarded.url,
      cogs: [AutomodCog],
      env: { PRIVILEGED_INTENTS: "true", DB_RETRY_MAX_MS: "200" },
    }));
  });

  afterAll(async () => {
    proxy?.up();
    await app?.stop();
    await proxy?.close();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const deleted = (messageId: string) =>
    sim.requests.filter("DELETE", DELETE).some((request) => request.path.endsWith(`/${messageId}`));

  it("keeps enforcing the guild's last known rules: the hot path needs no database", async () => {
    const channel = guild.firstTextChannel();
    const owner = guild.ownerId;
    const command = (subcommand: string, options: Record<string, string | boolean>) =>
      sim.command({ guildId: guild.id, userId: owner, name: "automod", subcommand, options }).answer();
    await command("block", { text: "scam" });
    await command("rule", { rule: "words", enabled: true, actions: "delete,warn" });
    const spammer = sim.createUser({ username: "spammer" });
    guild.addMember(spammer.id);
    const before = sim.postMessage({ channelId: channel.id, userId: spammer.id, content: "a scam" });
    await eventually(() => deleted(before.id), 5_000, "the delete while the database is up");

    proxy.down();
    const during = sim.postMessage({ channelId: channel.id, userId: spammer.id, content: "another scam" });
    await eventually(() => deleted(during.id), 5_000, "the delete while the database is down");
    const calm = sim.postMessage({ channelId: channel.id, userId: spammer.id, content: "sorry" });
    const again = sim.postMessage({ channelId: channel.id, userId: spammer.id, content: "scam scam" });
    await eventually(() => deleted(again.id), 5_000, "a later delete");
    expect(deleted(calm.id)).toBe(false);
    proxy.up();
  });
});
