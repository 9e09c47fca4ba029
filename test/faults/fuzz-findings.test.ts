import type { WardenApp } from "../../src/app";
import { createPayload, editPayload } from "../../src/bot/interactions/reply";
import { UsageRecorder } from "../../src/controllers/usage-recorder";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { DiscordSimulator, type CommandInput, type SimGuild } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";
import { eventuallyAsync } from "./moderation-world";

/** What the fuzz run (test/faults/fuzz.test.ts) found, each pinned down on its own. */
describe("inputs the fuzz run found unanswered", () => {
  const database = `warden_fuzz_findings_w${process.env.JEST_WORKER_ID ?? "0"}`;
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let app: WardenApp | undefined;
  let logs: CapturedLogs;
  let databaseUrl: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild();
    databaseUrl = await createDatabase(database, { migrated: true });
    ({ app, logs } = await startBot({ sim, databaseUrl }));
  });
  afterAll(async () => {
    await app?.stop();
    await sim.close();
    await dropDatabase(database);
  });

  const run = (input: Omit<CommandInput, "guildId" | "userId">) =>
    sim.command({ guildId: guild.id, userId: guild.ownerId, ...input }).answer();

  it("refuses a string option longer than its declared max_length by name, instead of echoing it unanswerably", async () => {
    const reply = await run({ name: "tag", subcommand: "use", options: { name: "x".repeat(6000) } });
    expect(reply.content).toBe("That didn't work:\n• `name`: must be at most 32 characters");
    expect(reply.ephemeral).toBe(true);
  });

  it("refuses a tag whose response is blank", async () => {
    const reply = await run({
      name: "tag",
      subcommand: "create",
      options: { name: "blank", response: "  " },
    });
    expect(reply.content).toBe("That didn't work:\n• `response`: must not be blank");
  });

  it("answers in words when a tag's response renders to nothing, instead of sending Discord an empty message", async () => {
    const created = await run({
      name: "tag",
      subcommand: "create",
      options: { name: "hollow", response: "{var:missing}" },
    });
    expect(created.content).toBe("Created the tag `hollow`.");
    const used = await run({ name: "tag", subcommand: "use", options: { name: "hollow" } });
    expect(used.content).toBe("The tag `hollow` has nothing to say right now.");
    expect(used.ephemeral).toBe(true);
  });

  it("records a press of an unknown component under one label, whatever text its custom id carries", async () => {
    const message = await run({ name: "leaderboard" });
    for (const customId of ["\u0000", "evil\u0000:1", "x".repeat(100)]) {
      const reply = await sim
        .button({ guildId: guild.id, userId: guild.ownerId, customId, messageId: message.id })
        .answer();
      expect(reply.content).toBe("That no longer works; run the command again.");
    }
    const { Client } = await import("pg");
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const recorded = async () => {
      await app?.container.resolve(UsageRecorder).flush();
      const found = await client.query<{ command: string; n: number }>(
        "SELECT command, count(*)::int AS n FROM usage_events WHERE command LIKE 'component:%' GROUP BY command",
      );
      return found.rows;
    };
    try {
      // Usage is recorded just after the reply goes out.
      await eventuallyAsync(async () => (await recorded())[0]?.n === 3, 5_000, "three recorded presses");
      expect(await recorded()).toEqual([{ command: "component:unknown", n: 3 }]);
    } finally {
      await client.end();
    }
    const refused = logs.lines.filter(
      (line) => line.msg === "the database refused a buffered row; it was dropped",
    );
    expect(refused).toEqual([]);
  });

  it("cuts an audit-log reason of emoji without splitting one in half (the header could not be encoded)", async () => {
    for (const reason of ["🙂".repeat(600), `x${"🙂".repeat(600)}`]) {
      const target = sim.createUser({ username: "smiley" });
      guild.addMember(target.id);
      const reply = await run({ name: "kick", options: { user: target.id, reason } });
      expect(reply.content).toMatch(/^Kicked \*\*smiley\*\* \(case #\d+\)/);
    }
    const reasons = sim.requests
      .filter("DELETE", /^\/guilds\/\d+\/members\/\d+$/)
      .map((request) => request.headers["x-audit-log-reason"]);
    expect(reasons).toHaveLength(2);
    for (const reason of reasons) expect(decodeURIComponent(reason ?? "").endsWith("…")).toBe(true);
  });

  it("shortens a message over Discord's 2,000 characters instead of having Discord refuse it", () => {
    const long = `${"🙂".repeat(999)}abc`;
    const created = createPayload({ content: long }).content ?? "";
    expect(created.length).toBeLessThanOrEqual(2000);
    expect(created.endsWith("…")).toBe(true);
    expect(created).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half of a pair left
    expect(editPayload({ content: long }).content?.length).toBeLessThanOrEqual(2000);
    expect(createPayload({ content: "short" }).content).toBe("short");
  });
});
