import { Client } from "pg";
import { TcpProxy } from "../support/tcp-proxy";
import { eventually } from "../support/eventually";
import { eventuallyAsync, useModerationWorld, type ModeratedGuild } from "./moderation-world";

interface CaseRow {
  number: number;
  type: string;
  pending: boolean;
  voided: boolean;
}

/** A barrier: Discord's answer is held until the test has done what it must in between. */
function barrier(): { hold: () => Promise<void>; arrived: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  let arrive = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const hold = () => {
    arrive();
    return gate;
  };
  return { hold, arrived, release };
}

/**
 * The database goes away after Discord carried the action out and before the case is confirmed: the
 * moderator is told it was done, the case is confirmed once the database is back (no restart), and a
 * retry in the meantime is recognised instead of banning twice.
 */
describe("a moderation action when the database drops mid-way", () => {
  let proxy: TcpProxy;
  let direct: Client;
  const world = useModerationWorld("outage", 1, {
    databaseUrl: async (url) => {
      const proxied = await TcpProxy.forUrl(url);
      proxy = proxied.proxy;
      return proxied.url;
    },
  });

  beforeAll(async () => {
    direct = new Client({ connectionString: world.databaseUrl });
    direct.on("error", () => undefined); // the database is dropped (with its connections) at the end
    await direct.connect();
  });
  afterAll(async () => {
    await direct?.end();
    await proxy?.close();
  });
  afterEach(() => {
    proxy.up();
    world.sim.faults.clear();
  });

  const casesOf = async (targetId: string): Promise<CaseRow[]> =>
    (
      await direct.query<CaseRow>(
        "SELECT number, type, pending, voided FROM cases WHERE target_id = $1 ORDER BY number",
        [targetId],
      )
    ).rows;
  const ban = ({ guild, mod }: ModeratedGuild, userId: string) =>
    world.sim.command({
      guildId: guild.id,
      userId: mod.id,
      name: "ban",
      options: { user: userId, reason: "spam" },
    });

  it("tells the moderator the ban was done, confirms the case once the database is back, and refuses a second ban", async () => {
    const [where] = world.guilds as [ModeratedGuild];
    const alice = world.member(where, "alice");
    const held = barrier();
    world.sim.faults.inject({
      method: "PUT",
      path: `/guilds/${where.guild.id}/bans/${alice.id}`,
      hold: held.hold,
      times: 1,
    });

    const first = ban(where, alice.id);
    await held.arrived;
    expect(where.guild.bans.has(alice.id)).toBe(true); // the ban has landed
    proxy.down();
    held.release();
    const reply = await first.answer();
    expect(reply.content).toBe(
      "Banned **alice**. The database is unavailable right now; case #1 will be recorded as soon as it is back.",
    );
    expect(await casesOf(alice.id)).toEqual([{ number: 1, type: "ban", pending: true, voided: false }]);

    proxy.up();
    await eventuallyAsync(
      async () => (await casesOf(alice.id))[0]?.pending === false,
      20_000,
      "the case to be confirmed",
    );
    expect(await casesOf(alice.id)).toEqual([{ number: 1, type: "ban", pending: false, voided: false }]);
    await eventually(() => where.modLog.messages.length === 1, 10_000, "the mod-log post");

    const retry = await ban(where, alice.id).answer();
    expect(retry.content).toBe(
      "**alice** was already banned a moment ago (case #1); nothing was done twice.",
    );
    expect(await casesOf(alice.id)).toHaveLength(1);
    expect(world.sim.requests.filter("PUT", `/guilds/${where.guild.id}/bans/${alice.id}`)).toHaveLength(1);
  });

  it("voids a refused action once the database is back", async () => {
    const [where] = world.guilds as [ModeratedGuild];
    const bob = world.member(where, "bob");
    const held = barrier();
    world.sim.faults.inject({
      method: "PUT",
      path: `/guilds/${where.guild.id}/bans/${bob.id}`,
      status: 403,
      hold: held.hold,
      times: 1,
    });
    const attempt = ban(where, bob.id);
    await held.arrived;
    proxy.down();
    held.release();
    expect((await attempt.answer()).content).toMatch(/^I don't have permission to do that here/);
    expect(await casesOf(bob.id)).toEqual([{ number: 2, type: "ban", pending: true, voided: false }]);

    proxy.up();
    await eventuallyAsync(
      async () => (await casesOf(bob.id))[0]?.voided === true,
      20_000,
      "the refused case to be voided",
    );
    expect(await casesOf(bob.id)).toEqual([{ number: 2, type: "ban", pending: false, voided: true }]);
    expect(where.guild.bans.has(bob.id)).toBe(false);
  });

  it("records a ban made outside Warden during the outage once the database is back", async () => {
    const [where] = world.guilds as [ModeratedGuild];
    const carol = world.member(where, "carol");
    const held = barrier();
    world.sim.faults.inject({ method: "GET", path: `/guilds/${where.guild.id}/audit-logs`, hold: held.hold });
    world.sim.banAs({
      guildId: where.guild.id,
      actorId: where.guild.ownerId,
      userId: carol.id,
      reason: "raid",
    });
    await held.arrived; // the bot heard of the ban and is reading the audit log
    proxy.down();
    held.release();
    await eventually(
      () =>
        world.logs.lines.some(
          (line) =>
            line.msg === "could not record a ban made outside Warden yet" || line.msg === "listener failed",
        ),
      10_000,
      "the failed attempt to record it",
    );
    expect(await casesOf(carol.id)).toEqual([]);

    proxy.up();
    await eventuallyAsync(async () => (await casesOf(carol.id)).length === 1, 20_000, "the recorded ban");
    expect(await casesOf(carol.id)).toEqual([{ number: 3, type: "ban", pending: false, voided: false }]);
  });
});
