import { CooldownSweep } from "../../../src/cogs/economy/cooldown-sweep";
import { CooldownController } from "../../../src/controllers/cooldown-controller";
import { DatabaseService } from "../../../src/database/database-service";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("CooldownController", () => {
  it("takes a free cooldown and refuses a live one with its expiry", async () => {
    const cooldowns = t.get(CooldownController);
    const [guildId, userId] = [snowflake(), snowflake()];
    const first = await cooldowns.take(guildId, userId, "daily", 3600);
    expect(first.taken).toBe(true);
    const second = await cooldowns.take(guildId, userId, "daily", 3600);
    expect(second.taken).toBe(false);
    if (second.taken || !first.taken) throw new Error("unreachable");
    expect(second.retryAt.getTime()).toBe(first.expiresAt.getTime());
    // other actions, users and guilds are independent
    expect((await cooldowns.take(guildId, userId, "tag:rules", 3600)).taken).toBe(true);
    expect((await cooldowns.take(guildId, snowflake(), "daily", 3600)).taken).toBe(true);
    expect((await cooldowns.take(snowflake(), userId, "daily", 3600)).taken).toBe(true);
  });

  it("takes a cooldown again once it has expired, in one statement", async () => {
    const cooldowns = t.get(CooldownController);
    const [guildId, userId] = [snowflake(), snowflake()];
    await cooldowns.take(guildId, userId, "daily", 0);
    const db = t.get(DatabaseService);
    const { result, statements } = await db.queries.record(() =>
      cooldowns.take(guildId, userId, "daily", 60),
    );
    expect(result.taken).toBe(true);
    expect(statements).toHaveLength(1);
    expect(await cooldowns.expiry(guildId, userId, "daily")).not.toBeNull();
  });

  it("lets exactly one of 10 simultaneous takes pass", async () => {
    const cooldowns = t.get(CooldownController);
    const [guildId, userId] = [snowflake(), snowflake()];
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cooldowns.take(guildId, userId, "daily", 3600)),
    );
    expect(results.filter((result) => result.taken)).toHaveLength(1);
  });

  it("releases a cooldown taken in a transaction that rolls back", async () => {
    const cooldowns = t.get(CooldownController);
    const [guildId, userId] = [snowflake(), snowflake()];
    await expect(
      t.get(DatabaseService).transaction(async () => {
        expect((await cooldowns.take(guildId, userId, "daily", 3600)).taken).toBe(true);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await cooldowns.take(guildId, userId, "daily", 3600)).taken).toBe(true);
  });

  it("clears a cooldown, and sweeps only expired rows in bounded batches", async () => {
    const cooldowns = t.get(CooldownController);
    const guildId = snowflake();
    const live = snowflake();
    await cooldowns.take(guildId, live, "daily", 3600);
    for (let index = 0; index < 5; index += 1) await cooldowns.take(guildId, snowflake(), "daily", 0);
    expect(await cooldowns.sweepExpired(3)).toBe(3);
    expect(await cooldowns.sweepExpired(100)).toBeGreaterThanOrEqual(2);
    expect(await cooldowns.count({ guildId })).toBe(1);
    expect(await cooldowns.clear(guildId, live, "daily")).toBe(true);
    expect(await cooldowns.count({ guildId })).toBe(0);
  });

  it("has a scheduled sweep that empties every expired row and keeps live ones", async () => {
    const cooldowns = t.get(CooldownController);
    const guildId = snowflake();
    await cooldowns.take(guildId, snowflake(), "daily", 3600);
    for (let index = 0; index < 3; index += 1) await cooldowns.take(guildId, snowflake(), "daily", 0);
    await t.get(CooldownSweep).run();
    expect(await cooldowns.count({ guildId })).toBe(1);
  });
});
