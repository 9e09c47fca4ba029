import type { Client } from "discord.js";
import type { WardenApp } from "../../src/app";
import { AppealsCog } from "../../src/cogs/appeals/appeals-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { AppealController } from "../../src/controllers/appeal-controller";
import { DiscordSimulator, guildIdForShard, type SimGuild } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";
import { customIdOf } from "../support/components";

const DATABASE = `warden_e2e_appeals_sharded_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * Two processes, one shard each, as in production. Discord sends every DM interaction to shard 0, so the
 * Appeal button of a guild on shard 1 is pressed in a process that does not hold that guild.
 */
describe("ban appeals across shards", () => {
  let sim: DiscordSimulator;
  let apps: WardenApp[] = [];
  let guild: SimGuild;
  let appealsChannelId: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Far Guild", id: guildIdForShard(1, 2) });
    appealsChannelId = guild.createChannel({ name: "appeals" }).id;
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    for (const shard of [0, 1]) {
      const env = { SHARD_COUNT: "2", SHARD_IDS: String(shard) };
      apps.push((await startBot({ sim, databaseUrl, cogs: [ModerationCog, AppealsCog], env })).app);
    }
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.stop();
    apps = [];
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("takes the appeal of a guild on another shard than the DMs' shard 0, and posts it", async () => {
    const command = (name: string, options: Record<string, string>, subcommand?: string) =>
      sim
        .command({
          guildId: guild.id,
          userId: guild.ownerId,
          name,
          ...(subcommand ? { subcommand } : {}),
          options,
        })
        .answer();
    expect((await command("appeals", { channel: appealsChannelId }, "channel")).content).toContain(
      "Appeals are on",
    );
    const user = sim.createUser({ username: "faraway" });
    guild.addMember(user.id);
    expect((await command("ban", { user: user.id, reason: "spam" })).content).toMatch(/^Banned/);
    const buttonId = customIdOf(sim.dmsTo(user.id).at(-1), "appeal");
    const opened = await sim.dmButton({ userId: user.id, customId: buttonId }).answer();
    expect(opened.modal?.title).toContain("Far Guild");
    const answer = await sim
      .dmModalSubmit({
        userId: user.id,
        customId: opened.modal?.custom_id ?? "",
        fields: { reason: "sorry" },
      })
      .answer();
    expect(answer.content).toBe(
      "Your appeal was sent to the moderators of Far Guild. You will hear their answer here.",
    );
    const [stored] = await apps[0]!.container.resolve(AppealController).ofUser(user.id, 5);
    expect(stored).toMatchObject({ status: "open", guildId: guild.id });
    const posts = guild.channels.get(appealsChannelId)?.messages ?? [];
    expect(posts.map((post) => post.embeds[0]?.title)).toEqual([`Appeal #${String(stored?.id)}`]);
    // The process that took the DM did not adopt the other shard's guild.
    expect(apps[0]!.bot.client.guilds.cache.has(guild.id)).toBe(false);
  });

  it("a post that failed in the DMs' process is retried once by the process serving the guild, however many runs race", async () => {
    const user = sim.createUser({ username: "retried" });
    guild.addMember(user.id);
    await sim
      .command({
        guildId: guild.id,
        userId: guild.ownerId,
        name: "ban",
        options: { user: user.id, reason: "x" },
      })
      .answer();
    const buttonId = customIdOf(sim.dmsTo(user.id).at(-1), "appeal");
    const opened = await sim.dmButton({ userId: user.id, customId: buttonId }).answer();
    sim.faults.inject({
      method: "POST",
      path: `/channels/${appealsChannelId}/messages`,
      status: 403,
      code: 50013,
      times: 1,
    });
    const answer = await sim
      .dmModalSubmit({ userId: user.id, customId: opened.modal?.custom_id ?? "", fields: { reason: "x" } })
      .answer();
    expect(answer.content).toMatch(/^Your appeal was sent/);
    const [stored] = await apps[0]!.container.resolve(AppealController).ofUser(user.id, 5);
    const title = `Appeal #${String(stored?.id)}`;
    const postsOf = () =>
      (guild.channels.get(appealsChannelId)?.messages ?? []).filter(
        (post) => post.embeds[0]?.title === title,
      );
    expect(postsOf()).toHaveLength(0);
    // Due now (as the back-off passing would make it): every run of both processes at once.
    await apps[0]!.database.sql(`UPDATE appeals SET post_due_at = now() WHERE id = $1`, [stored?.id]);
    const runs = apps.flatMap((app) => {
      const task = app.cogs.flatMap((cog) => cog.tasks ?? []).find((found) => found.name === "appeal posts");
      if (!task) throw new Error("no appeal posts task");
      const client = app.bot.client as Client<true>;
      return [task.run(client), task.run(client), task.run(client)];
    });
    await Promise.all(runs);
    await eventually(() => postsOf().length > 0, 10_000, "the appeal posted");
    expect(postsOf()).toHaveLength(1);
    const recorded = await apps[1]!.container.resolve(AppealController).inGuild(guild.id, stored?.id ?? 0);
    expect(recorded).toMatchObject({ messageId: postsOf()[0]?.id, postDueAt: null });
  });

  it("says Warden left the server when Discord no longer knows the guild for it", async () => {
    const user = sim.createUser({ username: "leftbehind" });
    guild.addMember(user.id);
    await sim
      .command({
        guildId: guild.id,
        userId: guild.ownerId,
        name: "ban",
        options: { user: user.id, reason: "spam" },
      })
      .answer();
    const buttonId = customIdOf(sim.dmsTo(user.id).at(-1), "appeal");
    sim.faults.inject({ method: "GET", path: `/guilds/${guild.id}`, status: 404, code: 10004 });
    const opened = await sim.dmButton({ userId: user.id, customId: buttonId }).answer();
    expect(opened.content).toBe("Warden is no longer in that server, so it cannot take your appeal.");
    sim.faults.clear();
  });
});
