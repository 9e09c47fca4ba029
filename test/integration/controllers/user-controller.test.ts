import { UserController } from "../../../src/controllers/user-controller";
import { ConflictError, NotFoundError } from "../../../src/errors/database-errors";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("UserController", () => {
  it("creates a user with a primary identity on first sight and finds it after", async () => {
    const users = t.get(UserController);
    const account = { platform: "discord", platformUserId: snowflake(), platformUsername: "alice" };
    const first = await users.getOrCreateByPlatform(account);
    expect(first.created).toBe(true);
    expect(first.identity).toMatchObject({ platform: "discord", isPrimary: true, userId: first.user.id });
    const again = await users.getOrCreateByPlatform(account);
    expect(again).toMatchObject({ created: false, user: { id: first.user.id, username: "alice" } });
  });

  it("links other platforms, with one primary identity at most", async () => {
    const users = t.get(UserController);
    const { user } = await users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: snowflake(),
      platformUsername: "bob",
    });
    await users.linkIdentity(user.id, {
      platform: "twitch",
      platformUserId: "tw-1",
      platformUsername: "bobtv",
    });
    await users.linkIdentity(
      user.id,
      { platform: "github", platformUserId: "gh-1", platformUsername: "bob-gh" },
      { primary: true },
    );
    const identities = await users.identities(user.id);
    expect(identities.map((i) => [i.platform, i.isPrimary])).toEqual([
      ["github", true],
      ["discord", false],
      ["twitch", false],
    ]);
  });

  it("refuses to link an account that belongs to someone else, or to a missing user", async () => {
    const users = t.get(UserController);
    const a = await users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: snowflake(),
      platformUsername: "a",
    });
    const b = await users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: snowflake(),
      platformUsername: "b",
    });
    await users.linkIdentity(a.user.id, {
      platform: "twitch",
      platformUserId: "shared",
      platformUsername: "x",
    });
    await expect(
      users.linkIdentity(b.user.id, { platform: "twitch", platformUserId: "shared", platformUsername: "x" }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      users.linkIdentity(424242, { platform: "twitch", platformUserId: "new", platformUsername: "x" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("unlinks identities but never the last one; deleting a user removes its identities", async () => {
    const users = t.get(UserController);
    const discordId = snowflake();
    const { user } = await users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: discordId,
      platformUsername: "c",
    });
    await users.linkIdentity(user.id, { platform: "twitch", platformUserId: "tw-c", platformUsername: "c" });
    expect(await users.unlinkIdentity(user.id, "twitch", "tw-c")).toBe(true);
    await expect(users.unlinkIdentity(user.id, "discord", discordId)).rejects.toBeInstanceOf(ConflictError);
    await users.deleteById(user.id);
    expect(await users.identities(user.id)).toEqual([]);
  });

  it("reports stats", async () => {
    const users = t.get(UserController);
    const discordId = snowflake();
    const { user } = await users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: discordId,
      platformUsername: "d",
    });
    await users.linkIdentity(user.id, { platform: "twitch", platformUserId: "tw-d", platformUsername: "d" });
    await users.getOrCreateByPlatform({
      platform: "discord",
      platformUserId: snowflake(),
      platformUsername: "e",
    });
    await t.db.sql("UPDATE users SET last_seen_at = now() - interval '2 days'");
    await users.markSeen([{ userId: discordId, at: new Date() }]);
    expect(await users.stats()).toEqual({
      users: 2,
      seenLastDay: 1,
      identitiesByPlatform: { discord: 2, twitch: 1 },
    });
  });
});
