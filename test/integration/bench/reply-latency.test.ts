import type { WardenApp } from "../../../src/app";
import { replyLatency } from "../../../bench/lib/simulator";
import { startBot } from "../../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../../simulator";
import { TestCog } from "../../support/test-cogs";
import { createDatabase, dropDatabase } from "../../support/test-database";

const DATABASE = `bench_reply_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** The bench's measure of one interaction, against the real router with a handler slower than its defer. */
describe("bench replyLatency", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let member: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild();
    member = sim.createUser({ username: "member" });
    guild.addMember(member.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [TestCog], env: { INTERACTION_DEFER_MS: "100" } }));
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const slow = (ms: number) => ({
    guildId: guild.id,
    userId: member.id,
    name: "test",
    subcommand: "slow",
    options: { ms },
  });

  it("counts a deferred answer as an answer, timed until the deferred reply was filled", async () => {
    const answer = await replyLatency(sim, slow(400), (content) => content === "done after 400 ms");
    expect(answer.deferred).toBe(true);
    expect(answer.ms).toBeGreaterThanOrEqual(400);
  });

  it("an immediate answer is not deferred", async () => {
    const answer = await replyLatency(sim, slow(0), (content) => content === "done after 0 ms");
    expect(answer).toMatchObject({ deferred: false });
  });

  it("an answer that is not the expected one is still an error", async () => {
    await expect(replyLatency(sim, slow(0), (content) => content === "something else")).rejects.toThrow(
      /answered "done after 0 ms"/,
    );
  });
});
