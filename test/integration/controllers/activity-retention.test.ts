import { ActivityBuffer } from "../../../src/controllers/activity-buffer";
import { ActivityController } from "../../../src/controllers/activity-controller";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { MessageLogController } from "../../../src/controllers/message-log-controller";
import { RetentionController } from "../../../src/controllers/retention-controller";
import { UserPreferenceController } from "../../../src/controllers/user-preference-controller";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

async function logMessagesAged(guildId: string, days: number, count: number): Promise<string[]> {
  const { rows } = await t.db.sql<{ id: string }>(
    `INSERT INTO message_log (guild_id, channel_id, user_id, message_id, content, created_at)
     SELECT $1, 1, 2, n, 'old', now() - make_interval(days => $2) FROM generate_series(1, $3) n
     RETURNING id`,
    [guildId, days, count],
  );
  return rows.map((row) => row.id);
}

async function logEventsAged(guildId: string, days: number, count: number): Promise<string[]> {
  const { rows } = await t.db.sql<{ id: string }>(
    `INSERT INTO guild_events (guild_id, type, user_id, created_at)
     SELECT $1, 'member_join', 2, now() - make_interval(days => $2) FROM generate_series(1, $3)
     RETURNING id`,
    [guildId, days, count],
  );
  return rows.map((row) => row.id);
}

const remainingIds = async (table: string): Promise<string[]> =>
  (await t.db.sql<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((row) => row.id);

describe("retention", () => {
  it("deletes only rows older than each guild's retention, in bounded batches", async () => {
    const strict = snowflake();
    const lenient = snowflake();
    await t.get(GuildConfigController).update(strict, { retentionDays: 7 });
    await logMessagesAged(strict, 8, 7);
    const keptStrict = await logMessagesAged(strict, 6, 2);
    const keptLenient = await logMessagesAged(lenient, 8, 1);
    await logMessagesAged(lenient, 31, 1);
    await logEventsAged(strict, 8, 2);
    const keptEvent = await logEventsAged(strict, 1, 1);

    const { result, statements } = await t.db.queries.record(() =>
      t.get(RetentionController).purgeExpired(3),
    );

    expect(result).toEqual({
      message_log: 8,
      guild_events: 2,
      usage_events: 0,
      member_activity_hours: 0,
      usage_daily: 0,
      usage_hourly: 0,
      dashboard_sessions: 0,
    });
    // 3 + 1 batches, and one each for the tables with nothing to purge.
    expect(
      statements.filter((statement) => /^\s*(WITH RECURSIVE [\s\S]*\))?\s*DELETE/.test(statement)),
    ).toHaveLength(9);
    expect(await remainingIds("message_log")).toEqual([...keptStrict, ...keptLenient]);
    expect(await remainingIds("guild_events")).toEqual(keptEvent);
  });

  it("keeps hourly activity counts for 31 days, whatever the guild's retention", async () => {
    const guildId = snowflake();
    await t.get(GuildConfigController).update(guildId, { retentionDays: 1 });
    const buffer = t.get(ActivityBuffer);
    const daysAgo = (days: number): Date => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
    for (const days of [40, 32, 30, 2]) buffer.recordMessage(guildId, snowflake(), daysAgo(days));
    await buffer.flush();

    const deleted = await t.get(RetentionController).purgeExpired(1);

    expect(deleted).toMatchObject({ member_activity_hours: 2 });
    const { rows } = await t.db.sql<{ hour: Date }>(
      "SELECT hour FROM member_activity_hours WHERE guild_id = $1 ORDER BY hour",
      [guildId],
    );
    expect(rows.map((row) => Math.round((Date.now() - row.hour.getTime()) / 86_400_000))).toEqual([30, 2]);
  });
});

describe("the activity buffer", () => {
  const at = (second: number): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

  it("writes any number of members in one statement, adding to what is stored", async () => {
    const guildId = snowflake();
    const users = Array.from({ length: 3000 }, () => snowflake());
    const buffer = t.get(ActivityBuffer);
    for (const userId of users) buffer.recordMessage(guildId, userId, at(1));
    await buffer.flush();
    for (const userId of users) buffer.recordMessage(guildId, userId, at(0));
    buffer.recordMessage(guildId, users[0] ?? "", at(5));
    buffer.logMessage({
      guildId,
      channelId: "1",
      userId: "2",
      messageId: "3",
      content: "hi",
      createdAt: at(5),
    });

    const { statements } = await t.db.queries.record(() => buffer.flush());

    // The counts, the logged message, and the last-seen of whichever of them are Warden users.
    expect(statements).toHaveLength(3);
    const activity = t.get(ActivityController);
    expect(await activity.of(guildId, users[0] ?? "")).toMatchObject({
      messageCount: "3",
      lastSeenAt: at(5),
    });
    expect(await activity.of(guildId, users[1] ?? "")).toMatchObject({
      messageCount: "2",
      lastSeenAt: at(1),
    });
    expect(await t.get(MessageLogController).lastMessages(guildId, "2", 5)).toHaveLength(1);
  });

  it("keeps the counts of a failed flush for the next one", async () => {
    const guildId = snowflake();
    const userId = snowflake();
    const buffer = t.get(ActivityBuffer);
    for (let index = 0; index < 5; index += 1) buffer.recordMessage(guildId, userId, at(index));
    await t.db.sql("ALTER TABLE member_activity RENAME TO member_activity_away");
    try {
      await expect(buffer.flush()).rejects.toThrow();
    } finally {
      await t.db.sql("ALTER TABLE member_activity_away RENAME TO member_activity");
    }
    buffer.recordMessage(guildId, userId, at(9));
    expect(buffer.pending(guildId, userId)).toMatchObject({ messages: 6, lastSeenAt: at(9) });
    await buffer.flush();
    expect(await t.get(ActivityController).of(guildId, userId)).toMatchObject({ messageCount: "6" });
    expect(buffer.memberCount).toBe(0);
  });
});

describe("user preferences", () => {
  it("gives defaults without a row and changes only what is given", async () => {
    const preferences = t.get(UserPreferenceController);
    const userId = snowflake();
    expect(await preferences.of(userId)).toMatchObject({ privateReplies: false, dmOnCase: true });
    expect(await preferences.change(userId, { dmOnCase: false })).toMatchObject({
      privateReplies: false,
      dmOnCase: false,
    });
    expect(await preferences.change(userId, { privateReplies: true })).toMatchObject({
      privateReplies: true,
      dmOnCase: false,
    });
    expect(await preferences.of(userId)).toMatchObject({ privateReplies: true, dmOnCase: false });
  });
});
