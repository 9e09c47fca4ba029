import { ActivityBuffer } from "../../../src/controllers/activity-buffer";
import { ActivityController } from "../../../src/controllers/activity-controller";
import { BufferEvents, type BufferDrop } from "../../../src/buffers/buffer-events";
import { MessageLogController, type LoggedMessage } from "../../../src/controllers/message-log-controller";
import { UsageController } from "../../../src/controllers/usage-controller";
import { UsageRecorder } from "../../../src/controllers/usage-recorder";
import { UserController } from "../../../src/controllers/user-controller";
import { buildContainer } from "../../../src/container";
import { DatabaseUnavailableError } from "../../../src/errors/database-errors";
import { createLogger } from "../../../src/logger";
import { CapturedLogs } from "../../support/bot-harness";
import { snowflake } from "../../support/factories";
import { testConfig, useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

/** Larger than PostgreSQL's bigint: a row no normaliser can make storable. */
const BAD_ID = "99999999999999999999999";
const REFUSED = "the database refused a buffered row; it was dropped";

/** The buffers on the test database, with their log lines and drops captured. */
function buffers(capacity = 50_000) {
  const logs = new CapturedLogs();
  const logger = createLogger("info", logs);
  const events = new BufferEvents();
  const drops: BufferDrop[] = [];
  events.onDropped((drop) => drops.push(drop));
  const config = testConfig({ BUFFER_MAX_ITEMS: String(capacity) });
  return {
    logs,
    drops,
    activity: new ActivityBuffer(
      t.get(ActivityController),
      t.get(MessageLogController),
      t.get(UserController),
      events,
      config,
      logger,
    ),
    usage: new UsageRecorder(t.get(UsageController), events, config, logger),
  };
}

function message(guildId: string, content: string, overrides: Partial<LoggedMessage> = {}): LoggedMessage {
  return {
    guildId,
    channelId: snowflake(),
    userId: snowflake(),
    messageId: snowflake(),
    content,
    createdAt: new Date(),
    ...overrides,
  };
}

async function storedContents(guildId: string): Promise<string[]> {
  const { rows } = await t.db.sql<{ content: string }>(
    "SELECT content FROM message_log WHERE guild_id = $1 ORDER BY id",
    [guildId],
  );
  return rows.map((row) => row.content);
}

describe("message log buffer", () => {
  it("logs a message containing U+0000 without it, and later messages keep flowing", async () => {
    const guildId = snowflake();
    const { activity, drops } = buffers();
    activity.logMessage(message(guildId, "before\u0000after"));
    await activity.flush();
    activity.logMessage(message(guildId, "next"));
    await activity.flush();
    expect(await storedContents(guildId)).toEqual(["beforeafter", "next"]);
    expect(activity.loggedMessageCount).toBe(0);
    expect(drops).toEqual([]);
  });

  it("drops a row the database refuses on its own, logged by its ids only, and writes the rest", async () => {
    const guildId = snowflake();
    const { activity, logs, drops } = buffers();
    for (const content of ["one", "two"]) activity.logMessage(message(guildId, content));
    const poison = message(guildId, "secret words", { messageId: BAD_ID });
    activity.logMessage(poison);
    for (const content of ["three", "four", "five"]) activity.logMessage(message(guildId, content));

    const { statements } = await t.db.queries.record(() => activity.flush());

    expect(await storedContents(guildId)).toEqual(["one", "two", "three", "four", "five"]);
    expect(activity.loggedMessageCount).toBe(0);
    expect(statements.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(6)) + 1);
    expect(drops).toEqual([{ buffer: "message_log", reason: "rejected", count: 1 }]);
    const refused = logs.lines.filter((line) => line.msg === REFUSED);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      level: 50,
      buffer: "message_log",
      guildId,
      channelId: poison.channelId,
      userId: poison.userId,
      messageId: BAD_ID,
      incidentId: expect.stringMatching(/^[0-9a-f]{8}$/) as unknown,
    });
    expect(JSON.stringify(logs.lines)).not.toContain("secret words");
  });

  it("keeps the batch, rather than dropping rows, when the table itself is missing", async () => {
    const guildId = snowflake();
    const { activity, drops } = buffers();
    activity.logMessage(message(guildId, "kept"));
    await t.db.sql("ALTER TABLE message_log RENAME TO message_log_away");
    try {
      await expect(activity.flush()).rejects.toThrow();
    } finally {
      await t.db.sql("ALTER TABLE message_log_away RENAME TO message_log");
    }
    expect(activity.loggedMessageCount).toBe(1);
    await activity.flush();
    expect(await storedContents(guildId)).toEqual(["kept"]);
    expect(drops).toEqual([]);
  });
});

describe("activity counts buffer", () => {
  it("drops a member the database refuses on its own and counts the others", async () => {
    const guildId = snowflake();
    const good = [snowflake(), snowflake(), snowflake()];
    const { activity, drops, logs } = buffers();
    for (const userId of good) activity.recordMessage(guildId, userId, new Date());
    activity.recordMessage(guildId, BAD_ID, new Date());
    await activity.flush();
    for (const userId of good) {
      expect(await t.get(ActivityController).of(guildId, userId)).toMatchObject({ messageCount: "1" });
    }
    expect(activity.memberCount).toBe(0);
    expect(drops).toEqual([{ buffer: "activity", reason: "rejected", count: 1 }]);
    expect(logs.find((line) => line.msg === REFUSED)).toMatchObject({ guildId, userId: BAD_ID });
  });

  it("writes two members of one batch that the database sees as one row, rather than retrying forever", async () => {
    const userId = snowflake();
    const { activity, drops } = buffers();
    activity.recordMessage("1", userId, new Date());
    activity.recordMessage("01", userId, new Date()); // the same bigint: ON CONFLICT cannot update it twice
    await activity.flush();
    expect(await t.get(ActivityController).of("1", userId)).toMatchObject({ messageCount: "2" });
    expect(activity.memberCount).toBe(0);
    expect(drops).toEqual([]);
  });
});

describe("usage buffer", () => {
  it("drops an event the database refuses on its own and writes the rest", async () => {
    const userId = snowflake();
    const { usage, drops } = buffers();
    const event = {
      command: "/ping",
      guildId: null,
      userId,
      outcome: "ok" as const,
      latencyMs: 5,
      locale: "en" as const,
    };
    usage.record(event);
    usage.record({ ...event, latencyMs: Number.POSITIVE_INFINITY });
    usage.record({ ...event, command: "/about" });
    await usage.flush();
    const { rows } = await t.db.sql<{ command: string }>(
      "SELECT command FROM usage_events WHERE user_id = $1 ORDER BY id",
      [userId],
    );
    expect(rows.map((row) => row.command)).toEqual(["/ping", "/about"]);
    expect(usage.pendingCount).toBe(0);
    expect(drops).toEqual([{ buffer: "usage", reason: "rejected", count: 1 }]);
  });
});

describe("during an outage", () => {
  it("keeps every buffer bounded, keeps the newest, counts the drops and warns once per buffer", async () => {
    const logs = new CapturedLogs();
    // A database service that never started: every statement meets DatabaseUnavailableError, as in an outage.
    const config = testConfig({ DATABASE_URL: t.url, BUFFER_MAX_ITEMS: "10" });
    const container = buildContainer(config, createLogger("info", logs));
    try {
      const drops: BufferDrop[] = [];
      container.resolve(BufferEvents).onDropped((drop) => drops.push(drop));
      const activity = container.resolve(ActivityBuffer);
      const usage = container.resolve(UsageRecorder);
      const guildId = snowflake();
      const members: string[] = [];
      for (let round = 0; round < 3; round += 1) {
        for (let index = 0; index < 10; index += 1) {
          members.push(snowflake());
          activity.recordMessage(guildId, members.at(-1) ?? "", new Date());
          activity.logMessage(message(guildId, `message ${round}.${index}`));
          usage.record({
            command: `/c${round}.${index}`,
            guildId,
            userId: snowflake(),
            outcome: "ok",
            latencyMs: 1,
            locale: "en",
          });
        }
        await expect(activity.flush()).rejects.toBeInstanceOf(DatabaseUnavailableError);
        await expect(usage.flush()).rejects.toBeInstanceOf(DatabaseUnavailableError);
      }
      expect(activity.memberCount).toBe(10);
      expect(activity.loggedMessageCount).toBe(10);
      expect(usage.pendingCount).toBe(10);
      for (const userId of members.slice(-10)) expect(activity.pending(guildId, userId)).toBeDefined();
      const dropped = (buffer: string): number =>
        drops
          .filter((drop) => drop.buffer === buffer && drop.reason === "overflow")
          .reduce((sum, drop) => sum + drop.count, 0);
      expect(activity.seenCount).toBe(10);
      const buffers = ["activity", "last_seen", "message_log", "usage"];
      expect(buffers.map(dropped)).toEqual([20, 20, 20, 20]);
      const full = logs.lines.filter((line) => String(line.msg).startsWith("buffer full"));
      expect(full.map((line) => line.buffer).sort()).toEqual(buffers);
    } finally {
      await container.dispose();
    }
  });
});
