import {
  GUILD_CONFIG_CHANNEL,
  GuildConfigController,
} from "../../../src/controllers/guild-config-controller";
import type { GuildConfig } from "../../../src/entities";
import { eventually } from "../../support/eventually";
import { snowflake } from "../../support/factories";
import { startPeer, type Peer } from "../../support/peer-process";
import { createDatabase, dropDatabase } from "../../support/test-database";

const DATABASE = `warden_test_notify_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** One Warden process as far as the guild config is concerned: a peer and its GuildConfigController. */
type ConfigPeer = Peer & { configs: GuildConfigController };

async function startConfigPeer(url: string): Promise<ConfigPeer> {
  const peer = await startPeer(url);
  return { ...peer, configs: peer.container.resolve(GuildConfigController) };
}

/** `eventually` for a check that must ask the database: polls it every 10 ms until it holds. */
async function eventuallyAsync(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  let held = false;
  const poll = (async () => {
    while (!held) {
      held = await check();
      if (!held) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  try {
    await eventually(() => held, timeoutMs, what);
  } finally {
    held = true;
    await poll;
  }
}

function until(
  read: () => Promise<GuildConfig>,
  accept: (config: GuildConfig) => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  return eventuallyAsync(async () => accept(await read()), timeoutMs, what);
}

async function statementsFor(peer: ConfigPeer, guildId: string): Promise<number> {
  const { statements } = await peer.db.queries.record(() => peer.configs.get(guildId));
  return statements.length;
}

/** Reads until a read costs no statement: the config is cached (a late notification may empty it once). */
function warm(peer: ConfigPeer, guildId: string): Promise<void> {
  const cached = async () => (await statementsFor(peer, guildId)) === 0;
  return eventuallyAsync(cached, 3000, `a cached config of ${guildId}`);
}

describe("guild config caches across processes (LISTEN/NOTIFY)", () => {
  let url: string;
  let a: ConfigPeer;
  let b: ConfigPeer;

  beforeAll(async () => {
    url = await createDatabase(DATABASE, { migrated: true });
    a = await startConfigPeer(url);
    b = await startConfigPeer(url);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await dropDatabase(DATABASE);
  });

  it("listens on a connection of its own", () => {
    expect(a.listener.listening).toBe(true);
    expect(b.listener.listening).toBe(true);
    expect(a.listener.backendPid).not.toBe(b.listener.backendPid);
  });

  it("costs no statement to read a warm config, in either process", async () => {
    const guildId = snowflake();
    await a.configs.get(guildId);
    await b.configs.get(guildId);
    expect(await statementsFor(a, guildId)).toBe(0);
    expect(await statementsFor(b, guildId)).toBe(0);
  });

  it("shows a change made in one process to the other within a second", async () => {
    const guildId = snowflake();
    const role = snowflake();
    await a.configs.get(guildId);
    expect((await b.configs.get(guildId)).dmOnAction).toBe(true);

    await a.configs.update(guildId, { dmOnAction: false });
    await until(
      () => b.configs.get(guildId),
      (c) => !c.dmOnAction,
      1000,
      "dmOnAction=false in b",
    );

    await b.configs.addModeratorRole(guildId, role);
    await until(
      () => a.configs.get(guildId),
      (c) => c.moderatorRoleIds.includes(role),
      1000,
      "role in a",
    );

    await a.configs.removeModeratorRole(guildId, role);
    await until(
      () => b.configs.get(guildId),
      (c) => c.moderatorRoleIds.length === 0,
      1000,
      "no role in b",
    );
  });

  it("tells every process to drop everything after a write that names no guild", async () => {
    const [first, second] = [snowflake(), snowflake()];
    for (const guildId of [first, second]) await b.configs.get(guildId);
    await a.configs.updateWhere([{ guildId: first }, { guildId: second }], { settings: { prefix: "?" } });
    for (const guildId of [first, second]) {
      await until(
        () => b.configs.get(guildId),
        (c) => c.settings.prefix === "?",
        1000,
        `prefix of ${guildId}`,
      );
    }
  });

  it("announces a transaction's writes once it commits", async () => {
    const guildId = snowflake();
    const channel = snowflake();
    await b.configs.get(guildId);
    await a.configs.transaction(async () => {
      await a.configs.update(guildId, { modLogChannelId: channel });
    });
    await until(
      () => b.configs.get(guildId),
      (c) => c.modLogChannelId === channel,
      1000,
      "the channel in b",
    );
  });

  it("obeys a hand-sent NOTIFY without a sender, in every process", async () => {
    const guildId = snowflake();
    await a.configs.get(guildId);
    await b.configs.get(guildId);
    await a.db.sql("UPDATE guild_configs SET dm_on_action = false WHERE guild_id = $1", [guildId]);
    await a.db.sql("SELECT pg_notify($1, '*')", [GUILD_CONFIG_CHANNEL]);
    for (const peer of [a, b]) {
      await until(
        () => peer.configs.get(guildId),
        (c) => !c.dmOnAction,
        1000,
        "dmOnAction=false",
      );
    }
  });

  it("ends its connection when the database closes", async () => {
    const c = await startConfigPeer(url);
    const pid = c.listener.backendPid;
    expect(pid).toBeDefined();
    await c?.stop();
    expect(c.listener.listening).toBe(false);
    const gone = async () =>
      (await a.db.sql("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid])).rowCount === 0;
    await eventuallyAsync(gone, 3000, "the listener's server process to end");
  });

  it("reconnects after its connection is killed, forgetting what it may have missed", async () => {
    const guildId = snowflake();
    await b.configs.get(guildId);
    const killed = b.listener.backendPid;
    await a.db.sql("SELECT pg_terminate_backend($1)", [killed]);
    // Sent while b's listener is going down: b may never hear of it, and must still not serve it stale.
    await a.configs.update(guildId, { dmOnAction: false });
    await until(
      () => b.configs.get(guildId),
      (c) => !c.dmOnAction,
      3000,
      "dmOnAction=false in b",
    );
    await eventually(
      () => b.listener.listening && b.listener.backendPid !== killed,
      3000,
      "b listening on a new connection",
    );

    await warm(b, guildId); // cached again, so only a notification can refresh it
    await a.configs.update(guildId, { dmOnAction: true });
    await until(
      () => b.configs.get(guildId),
      (c) => c.dmOnAction,
      1000,
      "dmOnAction=true in b",
    );
  });

  it("reads through to the database, never from the cache, while it cannot listen", async () => {
    const guildId = snowflake();
    await b.listener.stop();
    expect(b.listener.listening).toBe(false);
    await b.configs.get(guildId);
    expect(await statementsFor(b, guildId)).toBe(1);
    await a.configs.update(guildId, { dmOnAction: false });
    expect((await b.configs.get(guildId)).dmOnAction).toBe(false);
  });
});
