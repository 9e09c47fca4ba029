import {
  DashboardSessionController,
  sessionIdHash,
} from "../../../src/controllers/dashboard-session-controller";
import { RetentionController } from "../../../src/controllers/retention-controller";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("dashboard sessions", () => {
  const sessions = () => t.get(DashboardSessionController);

  it("opens a session under the hash of a fresh random id, and finds it by the id only while live", async () => {
    const userId = snowflake();
    const first = await sessions().open({ userId, userName: "alice", guildIds: [snowflake()] });
    const second = await sessions().open({ userId, userName: "alice", guildIds: [] });
    expect(first.sessionId).not.toBe(second.sessionId);
    expect(first.session.idHash).toBe(sessionIdHash(first.sessionId));
    expect((await sessions().find(first.sessionId))?.userId).toBe(userId);
    expect(await sessions().find(first.session.idHash)).toBeNull(); // the stored hash opens nothing

    await t.db.sql(
      "UPDATE dashboard_sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1",
      [second.session.idHash],
    );
    expect(await sessions().find(second.sessionId)).toBeNull();
  });

  it("is deleted by the retention job a day after it expires", async () => {
    const userId = snowflake();
    const old = await sessions().open({ userId, userName: "old", guildIds: [] });
    const recent = await sessions().open({ userId, userName: "recent", guildIds: [] });
    await t.db.sql(
      "UPDATE dashboard_sessions SET expires_at = now() - interval '25 hours' WHERE id_hash = $1",
      [old.session.idHash],
    );
    await t.db.sql(
      "UPDATE dashboard_sessions SET expires_at = now() - interval '23 hours' WHERE id_hash = $1",
      [recent.session.idHash],
    );
    const deleted = await t.get(RetentionController).purgeExpired();
    expect(deleted).toMatchObject({ dashboard_sessions: 1 });
    const { rows } = await t.db.sql<{ user_name: string }>("SELECT user_name FROM dashboard_sessions");
    expect(rows.map((row) => row.user_name)).toEqual(["recent"]);
  });
});
