import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { GuildController } from "../../../src/controllers/guild-controller";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("GuildConfigController", () => {
  it("creates the guild and its config on first read", async () => {
    const guildId = snowflake();
    const config = await t.get(GuildConfigController).get(guildId);
    expect(config).toMatchObject({
      guildId,
      modLogChannelId: null,
      moderatorRoleIds: [],
      dmOnAction: true,
      settings: {},
    });
    expect(await t.get(GuildController).exists({ id: guildId })).toBe(true);
  });

  it("costs no statement once warm", async () => {
    const configs = t.get(GuildConfigController);
    const guildId = snowflake();
    await configs.get(guildId);
    const { statements } = await t.db.queries.record(async () => {
      for (let i = 0; i < 10; i += 1) await configs.get(guildId);
    });
    expect(statements).toHaveLength(0);
  });

  it("reads many guilds' configs together: one statement per batch, three when the guilds are new", async () => {
    const configs = t.get(GuildConfigController);
    const guildIds = Array.from({ length: 50 }, () => snowflake());
    const created = await t.db.queries.record(() => Promise.all(guildIds.map((id) => configs.get(id))));
    expect(created.result.map((config) => config.guildId)).toEqual(guildIds);
    expect(created.statements).toHaveLength(3);
    expect(await t.get(GuildController).count({})).toBeGreaterThanOrEqual(50);
    configs.invalidate();
    const warmed = await t.db.queries.record(() => configs.preload(guildIds));
    expect(warmed.statements).toHaveLength(1);
    const cached = await t.db.queries.record(() => Promise.all(guildIds.map((id) => configs.get(id))));
    expect(cached.statements).toHaveLength(0);
  });

  it("is invalidated by every write path, including inherited ones", async () => {
    const configs = t.get(GuildConfigController);
    const guildId = snowflake();
    const channel = snowflake();
    await configs.get(guildId);
    await configs.update(guildId, { modLogChannelId: channel });
    expect((await configs.get(guildId)).modLogChannelId).toBe(channel);

    await configs.updateWhere({ guildId }, { dmOnAction: false });
    expect((await configs.get(guildId)).dmOnAction).toBe(false);

    await configs.bulkUpdate([{ id: guildId, changes: { dmOnAction: true } }]);
    expect((await configs.get(guildId)).dmOnAction).toBe(true);

    await configs.updateById(guildId, { settings: { prefix: "!" } });
    expect((await configs.get(guildId)).settings).toEqual({ prefix: "!" });

    await configs.deleteById(guildId);
    expect((await configs.get(guildId)).settings).toEqual({}); // recreated with defaults
  });

  it("does not cache what a rolled-back transaction wrote", async () => {
    const configs = t.get(GuildConfigController);
    const guildId = snowflake();
    await configs.get(guildId);
    await configs
      .transaction(async () => {
        await configs.update(guildId, { dmOnAction: false });
        expect((await configs.get(guildId)).dmOnAction).toBe(false);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect((await configs.get(guildId)).dmOnAction).toBe(true);
  });

  it("adds and removes moderator roles atomically and idempotently", async () => {
    const configs = t.get(GuildConfigController);
    const guildId = snowflake();
    const [r1, r2] = [snowflake(), snowflake()];
    await Promise.all([r1, r2, r1, r2].map((role) => configs.addModeratorRole(guildId, role)));
    expect([...(await configs.get(guildId)).moderatorRoleIds].sort()).toEqual([r1, r2].sort());
    await configs.removeModeratorRole(guildId, r1);
    await configs.removeModeratorRole(guildId, r1);
    expect((await configs.get(guildId)).moderatorRoleIds).toEqual([r2]);
  });
});
