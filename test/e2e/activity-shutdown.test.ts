import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_activity_shutdown_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("activity across a graceful shutdown", () => {
  let sim: DiscordSimulator;
  let app: WardenApp | undefined;
  let databaseUrl: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("counts every message the client received when stopped in the middle of a burst", async () => {
    const guild = sim.createGuild({ name: "Stopping Guild" });
    const channelId = guild.firstTextChannel().id;
    const members: SimUser[] = Array.from({ length: 20 }, (_, index) =>
      sim.createUser({ username: `talker${index}` }),
    );
    for (const member of members) guild.addMember(member.id);
    const running = await startBot({
      sim,
      databaseUrl,
      cogs: [ActivityCog],
      env: { PRIVILEGED_INTENTS: "true" },
    });
    app = running.app;
    const received = new Map<string, number>();
    app.bot.client.on("messageCreate", (message) => {
      received.set(message.author.id, (received.get(message.author.id) ?? 0) + 1);
    });

    const receivedTotal = (): number => [...received.values()].reduce((sum, count) => sum + count, 0);
    let stopping: Promise<void> | undefined;
    let stopped = false;
    let posted = 0;
    let postedWhileStopping = 0;
    for (let index = 0; index < 6000; index += 1) {
      const author = members[index % members.length];
      if (author) sim.postMessage({ channelId, userId: author.id, content: `burst ${index}` });
      posted += 1;
      if (stopping && !stopped) postedWhileStopping += 1;
      if (index % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (!stopping && receivedTotal() >= 1000) {
        stopping = app.stop().then(() => {
          stopped = true;
        });
      }
    }
    await stopping;
    app = undefined;
    expect(postedWhileStopping).toBeGreaterThan(0);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ user_id: string; message_count: string }>(
        "SELECT user_id, message_count FROM member_activity WHERE guild_id = $1",
        [guild.id],
      );
      const stored = new Map(rows.map((row) => [row.user_id, Number(row.message_count)]));
      expect(receivedTotal()).toBeGreaterThanOrEqual(1000);
      expect(receivedTotal()).toBeLessThan(posted);
      for (const member of members) expect(stored.get(member.id) ?? 0).toBe(received.get(member.id) ?? 0);
    } finally {
      await client.end();
    }
  }, 60_000);
});
