import type { WardenApp } from "../../src/app";
import { EconomyCog } from "../../src/cogs/economy/economy-cog";
import { EconomyController } from "../../src/controllers/economy-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_adv_answers_w${process.env.JEST_WORKER_ID ?? "0"}`;
const CALLBACK = "/interactions/:id/:token/callback";
/** discord.js asks once and retries a 5xx three times. */
const EVERY_ATTEMPT = 4;

/**
 * Discord fails the answer itself (the interaction callback), after the handler's work was committed. The
 * member must not be told to try again: the retry would do it twice.
 */
describe("adversarial: Discord fails the answer to work that was done", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let alice: SimUser;
  let bob: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Answers" });
    alice = sim.createUser({ username: "alice" });
    bob = sim.createUser({ username: "bob" });
    guild.addMember(alice.id);
    guild.addMember(bob.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [EconomyCog] }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const economy = (): EconomyController => app.container.resolve(EconomyController);

  it("never answers 'try again' to a /give whose points moved when Discord failed the first answer", async () => {
    await economy().add(guild.id, alice.id, 100n, alice.id, "start");
    const removeFault = sim.faults.inject({
      method: "POST",
      path: CALLBACK,
      status: 500,
      times: EVERY_ATTEMPT,
    });
    const give = sim.command({
      guildId: guild.id,
      userId: alice.id,
      name: "give",
      options: { user: bob.id, amount: 10 },
    });
    const reply = await give.answer();
    removeFault();

    expect(await economy().balance(guild.id, bob.id)).toBe(10n);
    expect(reply.content).not.toMatch(/try again/i);
    expect(reply.content).toMatch(/Gave \*\*10 points\*\* to/);
  });

  it("says the work was done when Discord fails its answer twice over", async () => {
    const before = await economy().balance(guild.id, bob.id);
    const removeFault = sim.faults.inject({
      method: "POST",
      path: CALLBACK,
      status: 500,
      times: 2 * EVERY_ATTEMPT,
    });
    const reply = await sim
      .command({ guildId: guild.id, userId: alice.id, name: "give", options: { user: bob.id, amount: 5 } })
      .answer();
    removeFault();

    expect(await economy().balance(guild.id, bob.id)).toBe(before + 5n);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe("That was done, but Discord failed to show my answer, so don't do it again.");
  });
});
