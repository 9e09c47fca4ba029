import type { WardenApp } from "../../src/app";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { TestCog } from "../support/test-cogs";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_late_w${process.env.JEST_WORKER_ID ?? "0"}`;
/** How long every interaction took to reach the bot: Discord's clock runs this far behind the bot's. */
const IN_TRANSIT_MS = 1500;

/**
 * Discord's 3 s for an answer run from the interaction's creation, not from when the bot read it. On a busy
 * machine a burst reaches the bot late (gateway backlog, a loaded event loop); counting the defer from
 * receipt then answered after Discord's deadline (10062, no reply at all) in case-concurrency under load.
 */
describe("an interaction that reaches the bot late", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let member: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start({ clock: () => Date.now() - IN_TRANSIT_MS });
    guild = sim.createGuild();
    member = sim.createUser({ username: "member" });
    guild.addMember(member.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [TestCog], env: { INTERACTION_DEFER_MS: "2000" } }));
  });
  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("is deferred by INTERACTION_DEFER_MS after its creation, counting the time it spent in transit", async () => {
    // 1.5 s in transit + a 1 s handler = 2.5 s after creation: past the 2 s at which the bot must defer.
    const handle = sim.command({
      guildId: guild.id,
      userId: member.id,
      name: "test",
      subcommand: "slow",
      options: { ms: 1000 },
    });
    expect((await handle.callback()).type).toBe(5);
    expect((await handle.answer(8000)).content).toBe("done after 1000 ms");
  });

  it("still answers at once when the handler is quick", async () => {
    const handle = sim.command({
      guildId: guild.id,
      userId: member.id,
      name: "test",
      subcommand: "slow",
      options: { ms: 0 },
    });
    expect((await handle.callback()).type).toBe(4);
  });
});
