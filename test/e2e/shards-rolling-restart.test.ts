import { CaseController } from "../../src/controllers/case-controller";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, guildIdForShard, type InteractionHandle, type SimGuild } from "../../simulator";
import { eventually } from "../support/eventually";
import { startPeer } from "../support/peer-process";
import { ShardProcesses, type ShardProcess } from "../support/shard-processes";
import { createDatabase, dropDatabase } from "../support/test-database";

const SHARD_COUNT = 2;
const GUILDS_PER_SHARD = 2;
const PENDING_PER_GUILD = 10;
const DATABASE = `warden_e2e_shards_rolling_w${process.env.JEST_WORKER_ID ?? "0"}`;

jest.setTimeout(10 * 60_000);

/**
 * A rolling restart the way it loses nothing: for each shard group in turn, the replacement is started and
 * becomes ready, then the old process gets SIGTERM. Discord (and the simulator) hands a shard's new
 * interactions to its newest session; the old process finishes what it holds and leaves. With the order
 * reversed there is a moment with no session for the shard, and Discord fails those interactions for the
 * member ("This interaction failed") — no bot can answer what it was never sent (README, Rolling restarts).
 */
describe("a rolling restart of two shard processes under steady interactions", () => {
  let sim: DiscordSimulator;
  let processes: ShardProcesses;
  let guilds: SimGuild[];
  let databaseUrl: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ shardCount: SHARD_COUNT });
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
    guilds = Array.from({ length: SHARD_COUNT * GUILDS_PER_SHARD }, (_, index) =>
      sim.createGuild({ id: guildIdForShard(index % SHARD_COUNT, SHARD_COUNT), name: `g${index}` }),
    );
    // Three processes at a time, PostgreSQL and the simulator share two cores: a connection may take over 5 s.
    processes = new ShardProcesses(sim, databaseUrl, SHARD_COUNT, { DB_CONNECT_TIMEOUT_MS: "20000" });
  });

  afterAll(async () => {
    await processes.stopAll();
    await sim.close();
    await dropDatabase(DATABASE);
  });

  it("answers every interaction exactly once, none with 'restarting', and settles each stale pending case once", async () => {
    const first = Array.from({ length: SHARD_COUNT }, (_, shard) => processes.start(String(shard)));
    await Promise.all(first.map((process) => processes.ready(process)));
    await eventually(
      () => sim.registeredCommands().some((command) => command.name === "warn"),
      30_000,
      "command registration",
    );

    // Actions asked of Discord but never confirmed (a crash): every process that starts reconciles them.
    const pending = await stalePendingBans();

    const handles: InteractionHandle[] = [];
    let sending = true;
    const sender = (async () => {
      for (let index = 0; sending; index += 1) {
        const guild = guilds[index % guilds.length] as SimGuild;
        const target = sim.createUser();
        guild.addMember(target.id);
        handles.push(
          sim.command({
            guildId: guild.id,
            userId: guild.ownerId,
            name: "warn",
            options: { user: target.id, reason: `steady ${index}` },
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    for (const old of first) await replace(old);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // traffic on the replacements alone
    sending = false;
    await sender;

    const answers = await processes.answers(handles, 60_000);
    expect(answers.filter((answer) => !/^Warned \*\*/.test(answer.content))).toEqual([]);
    const warns = await processes.query<{ count: string }>(
      "SELECT count(*) FROM cases WHERE type = 'warn' AND reason LIKE 'steady %'",
    );
    expect(Number(warns[0]?.count)).toBe(handles.length);
    // Both generations served: the restart happened under traffic.
    const served = (generation: ShardProcess[]) =>
      handles.filter((handle) => processes.receivers(handle.id).some((p) => generation.includes(p))).length;
    const replacements = processes.all.filter((process) => !first.includes(process));
    expect(served(first)).toBeGreaterThan(0);
    expect(served(replacements)).toBeGreaterThan(0);
    expect(handles.map((handle) => processes.receivers(handle.id).length)).toEqual(handles.map(() => 1));

    // Each stale pending case was checked against Discord once and settled, whichever process claimed it.
    await eventually(
      () => checksOf(pending).every((count) => count >= 1),
      60_000,
      "every pending case checked",
    );
    const open = await processes.query<{ count: string }>("SELECT count(*) FROM cases WHERE pending");
    expect(open[0]?.count).toBe("0");
    expect(checksOf(pending)).toEqual(pending.map(() => 1));

    expect(processes.callbacksPer(handles)).toEqual(handles.map(() => 1));
    for (const process of first) expect(await process.main.exited).toBe(0);
    expect(processes.errors()).toEqual([]);
  });

  /** Starts the replacement of `old` (same SHARD_IDS), waits until it serves, then stops `old` cleanly. */
  async function replace(old: ShardProcess): Promise<void> {
    const sessionsBefore = sim.sessions.filter((session) => String(session.shardId) === old.shardIds).length;
    const next = processes.start(old.shardIds);
    await processes.ready(next);
    await eventually(
      () =>
        sim.sessions.filter((session) => String(session.shardId) === old.shardIds).length > sessionsBefore,
      30_000,
      `the replacement's session for shard ${old.shardIds}`,
    );
    expect(await old.main.stop()).toBe(0);
  }

  /** Ban cases left pending two minutes ago in every guild; Discord has half of the bans. */
  async function stalePendingBans(): Promise<Array<{ guildId: string; userId: string }>> {
    const peer = await startPeer(databaseUrl);
    try {
      const cases = peer.container.resolve(CaseController);
      const made: Array<{ guildId: string; userId: string }> = [];
      for (const guild of guilds) {
        for (let n = 0; n < PENDING_PER_GUILD; n += 1) {
          const user = sim.createUser();
          if (n % 2 === 0) guild.bans.set(user.id, { userId: user.id, reason: "crashed before confirming" });
          await cases.createCase({
            guildId: guild.id,
            type: CaseType.Ban,
            targetId: user.id,
            moderatorId: guild.ownerId,
            pending: true,
          });
          made.push({ guildId: guild.id, userId: user.id });
        }
      }
      await peer.db.sql(`UPDATE cases SET created_at = now() - interval '2 minutes' WHERE pending`);
      return made;
    } finally {
      await peer.stop();
    }
  }

  function checksOf(pending: Array<{ guildId: string; userId: string }>): number[] {
    const gets = sim.requests.filter("GET", "/guilds/:guild/bans/:user").map((request) => request.path);
    return pending.map(
      ({ guildId, userId }) => gets.filter((path) => path === `/guilds/${guildId}/bans/${userId}`).length,
    );
  }
});
