import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ActivityCog } from "../../src/cogs/activity/activity-cog";
import { OpsCog } from "../../src/cogs/ops/ops-cog";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually } from "../support/eventually";
import { parsePrometheusText } from "../support/prometheus-text";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_activity_buffers_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("the message log under hostile input", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let channelId: string;
  let member: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Hostile" });
    channelId = guild.firstTextChannel().id;
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    const admin = sim.createUser({ username: "admin" });
    member = sim.createUser({ username: "member" });
    guild.addMember(admin.id, { roles: [admins.id] });
    guild.addMember(member.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({
      sim,
      databaseUrl,
      cogs: [ActivityCog, OpsCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
    const on = await sim
      .command({
        guildId: guild.id,
        userId: admin.id,
        name: "logging",
        subcommand: "messages",
        options: { enabled: true },
      })
      .answer();
    expect(on.content).toBe("Members' messages will now be kept for moderation context.");
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const cog = (): ActivityCog =>
    app.cogs.find((candidate): candidate is ActivityCog => candidate instanceof ActivityCog) as ActivityCog;
  const post = async (content: string): Promise<void> => {
    const before = cog().buffer.loggedMessageCount;
    sim.postMessage({ channelId, userId: member.id, content });
    await eventually(() => cog().buffer.loggedMessageCount === before + 1, 5000, "the message buffered");
  };
  const stored = async (): Promise<string[]> => {
    const { rows } = await app.database.sql<{ content: string }>(
      "SELECT content FROM message_log WHERE guild_id = $1 ORDER BY id",
      [guild.id],
    );
    return rows.map((row) => row.content);
  };
  const dropped = async (reason: string): Promise<number | undefined> => {
    const ops = app.cogs.find((candidate): candidate is OpsCog => candidate instanceof OpsCog);
    const samples = parsePrometheusText((await ops?.metrics.render()) ?? "");
    return samples.find(
      (sample) =>
        sample.name === "warden_buffer_dropped_total" &&
        sample.labels.buffer === "message_log" &&
        sample.labels.reason === reason,
    )?.value;
  };

  it("logs a message containing U+0000 without it, and the messages after it", async () => {
    await post("hello\u0000world");
    await cog().buffer.flush();
    await post("after");
    await cog().buffer.flush();
    expect(await stored()).toEqual(["helloworld", "after"]);
  });

  it("drops a row the database refuses alone, writes the others and counts it", async () => {
    await post("before the bad row");
    cog().buffer.logMessage({
      guildId: guild.id,
      channelId,
      userId: member.id,
      messageId: "99999999999999999999999",
      content: "unstorable",
      createdAt: new Date(),
    });
    await post("after the bad row");
    await cog().buffer.flush();
    expect((await stored()).slice(-2)).toEqual(["before the bad row", "after the bad row"]);
    expect(cog().buffer.loggedMessageCount).toBe(0);
    expect(await dropped("rejected")).toBe(1);
  });
});
