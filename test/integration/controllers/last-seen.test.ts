import { ActivityBuffer } from "../../../src/controllers/activity-buffer";
import { UserController } from "../../../src/controllers/user-controller";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

const LONG_AGO = new Date("2020-01-01T00:00:00Z");
const at = (minute: number): Date => new Date(Date.UTC(2026, 0, 1, 0, minute));
const USERS_UPDATE = /^\s*UPDATE "?users"?\s/i;

/** Discord accounts linked to Warden users last seen long ago; returns their Discord ids. */
async function linkedAccounts(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => snowflake());
  for (const id of ids) {
    await t.get(UserController).getOrCreateByPlatform({
      platform: "discord",
      platformUserId: id,
      platformUsername: `member${id}`,
    });
  }
  await t.db.sql("UPDATE users SET last_seen_at = $1", [LONG_AGO.toISOString()]);
  return ids;
}

async function lastSeen(discordIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await t.db.sql<{ id: string; seen: Date }>(
    `SELECT i.platform_user_id AS id, u.last_seen_at AS seen
       FROM users u JOIN user_identities i ON i.user_id = u.id
      WHERE i.platform = 'discord' AND i.platform_user_id = ANY($1::varchar[])`,
    [discordIds],
  );
  return new Map(rows.map((row) => [row.id, row.seen.getTime()]));
}

describe("users.last_seen_at", () => {
  it("moves forward for every member seen, in one statement per flush however many they are", async () => {
    const ids = await linkedAccounts(40);
    const buffer = t.get(ActivityBuffer);
    const guildId = snowflake();
    ids.forEach((id, index) => {
      if (index % 2 === 0) buffer.recordMessage(guildId, id, at(index));
      else buffer.recordSeen(id, at(index)); // an interaction
    });
    buffer.recordSeen(snowflake(), at(1)); // a Discord user who never became a Warden user: skipped

    const { statements } = await t.db.queries.record(() => buffer.flush());

    expect(statements.filter((statement) => USERS_UPDATE.test(statement))).toHaveLength(1);
    expect(statements.filter((statement) => /\busers\b/.test(statement))).toHaveLength(1);
    const seen = await lastSeen(ids);
    expect(ids.map((id) => seen.get(id))).toEqual(ids.map((_id, index) => at(index).getTime()));
    expect(buffer.seenCount).toBe(0);
  });

  it("never moves back in time, and a flush with nobody seen sends no users statement", async () => {
    const [id = ""] = await linkedAccounts(1);
    const buffer = t.get(ActivityBuffer);
    buffer.recordSeen(id, at(30));
    buffer.recordSeen(id, at(10)); // an older sighting arriving later in the same window
    await buffer.flush();
    expect((await lastSeen([id])).get(id)).toBe(at(30).getTime());

    buffer.recordMessage(snowflake(), id, at(20)); // an older sighting in a later flush
    await buffer.flush();
    expect((await lastSeen([id])).get(id)).toBe(at(30).getTime());

    const { statements } = await t.db.queries.record(() => buffer.flush());
    expect(statements.filter((statement) => /\busers\b/.test(statement))).toEqual([]);
  });

  it("keeps the sightings for the next flush when the users table cannot be written", async () => {
    const [id = ""] = await linkedAccounts(1);
    const buffer = t.get(ActivityBuffer);
    buffer.recordSeen(id, at(5));
    await t.db.sql("ALTER TABLE users RENAME TO users_away");
    try {
      await expect(buffer.flush()).rejects.toThrow();
    } finally {
      await t.db.sql("ALTER TABLE users_away RENAME TO users");
    }
    expect(buffer.seenCount).toBe(1);
    buffer.recordSeen(id, at(4));
    await buffer.flush();
    expect((await lastSeen([id])).get(id)).toBe(at(5).getTime());
  });
});
