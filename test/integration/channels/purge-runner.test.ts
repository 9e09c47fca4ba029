import { REST } from "discord.js";
import { runPurge, type PurgeOutcome } from "../../../src/cogs/channels/purge/purge-runner";
import { DiscordSimulator, type SimChannel, type SimUser } from "../../../simulator";

const BULK = "/channels/:channel/messages/bulk-delete";

describe("runPurge against the simulator (discord.js's REST queue, no gateway)", () => {
  let sim: DiscordSimulator;
  let rest: REST;
  let channel: SimChannel;
  let author: SimUser;

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    const guild = sim.createGuild({ name: "Runner" });
    author = sim.createUser({ username: "author" });
    guild.addMember(author.id);
    channel = guild.firstTextChannel();
    rest = new REST({ api: sim.apiUrl }).setToken(sim.token);
  });

  afterEach(async () => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
    await sim.close();
  });

  const seed = (count: number) =>
    sim.seedHistory(
      channel.id,
      Array.from({ length: count }, (_, i) => ({ authorId: author.id, at: Date.now() - (i + 1) * 1000 })),
    );
  const run = (
    count: number,
    signal: AbortSignal,
    progress: (o: Readonly<PurgeOutcome>) => void = () => {},
  ) =>
    runPurge(
      rest,
      { channelId: channel.id, count, matches: () => true, auditReason: "test", transcript: true },
      { now: Date.now, signal, progress },
    );

  it("a rate limit that outlasts the deadline ends the purge with what was done, and nothing is sent after", async () => {
    seed(150);
    sim.faults.inject({ method: "POST", path: BULK, status: 429, retryAfterSeconds: 60 });
    const deadline = new AbortController();
    void sim.requests.waitFor("POST", BULK).then(() => deadline.abort());
    const outcome = await run(150, deadline.signal);
    expect(outcome).toMatchObject({
      deleted: 0,
      stopped: { kind: "rate_limited" },
      skipped: 100,
      scanned: 100,
    });
    expect(sim.requests.filter("POST", BULK)).toHaveLength(1);
    expect(channel.messages).toHaveLength(150);
  });

  it("a single match is deleted by the single-message route; the transcript keeps deleted messages oldest first", async () => {
    const [oldest, newest] = seed(2).map((message) => message.id);
    const outcome = await run(1, new AbortController().signal);
    expect(outcome).toMatchObject({ deleted: 1, old: 0, skipped: 0, stopped: null });
    expect(sim.requests.filter("POST", BULK)).toHaveLength(0);
    expect(sim.requests.filter("DELETE", "/channels/:channel/messages/:message")).toHaveLength(1);
    expect(outcome.messages.map((message) => message.id)).toEqual([newest]);
    expect(channel.messages.map((message) => message.id)).toEqual([oldest]);
  });

  it("reports progress after each batch", async () => {
    seed(250);
    const seen: number[] = [];
    const outcome = await run(250, new AbortController().signal, (sofar) => seen.push(sofar.deleted));
    expect(outcome.deleted).toBe(250);
    expect(seen).toEqual([100, 200, 250]);
  });
});
