import type { WardenApp } from "../../src/app";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { UserPreferenceController } from "../../src/controllers/user-preference-controller";
import { NotificationListener } from "../../src/database/notification-listener";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild } from "../../simulator";
import { eventuallyAsync } from "../support/eventually";
import { startPeer, type Peer } from "../support/peer-process";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_language_two_processes_w${process.env.JEST_WORKER_ID ?? "0"}`;

/**
 * A member's interactions reach more than one Warden process (their guilds on different shards, two
 * processes during a deploy). A language chosen through one must be the language the others answer in,
 * not the one they remembered a moment before.
 */
describe("/preferences language seen by another process", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let other: Peer | undefined;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Shards" });
    const url = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl: url, cogs: [CoreCog] }));
    await app.container.resolve(NotificationListener).ready();
    // The other Warden process: the member's /preferences runs there.
    other = await startPeer(url);
  });

  afterAll(async () => {
    await other?.stop();
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("answers in the newly chosen language at once, whichever process the choice was made in", async () => {
    const member = sim.createUser({ username: "traveller" });
    guild.addMember(member.id);
    /** The names of /about's fields: "Database" in English, "Datenbank" in German. */
    const about = async () =>
      (
        await sim.command({ guildId: guild.id, userId: member.id, name: "about" }).answer()
      ).embeds[0]?.fields?.map((field) => field.name) ?? [];
    expect(await about()).toContain("Database"); // this process now remembers "no choice"

    await other?.container.resolve(UserPreferenceController).change(member.id, { language: "de" });
    // The notification takes a moment to arrive; the remembered choice would last a minute.
    await eventuallyAsync(async () => (await about()).includes("Datenbank"), 5000, "a German answer");
  });

  it("remembers all of a member's preferences, and forgets them when another process changes one", async () => {
    const member = sim.createUser({ username: "quiet" });
    const preferences = app.container.resolve(UserPreferenceController);
    expect(await preferences.of(member.id)).toMatchObject({ privateReplies: false, dmOnCase: true });
    const { statements } = await app.database.queries.record(() => preferences.of(member.id));
    expect(statements).toEqual([]);
    await other?.container.resolve(UserPreferenceController).change(member.id, { privateReplies: true });
    await eventuallyAsync(
      async () => (await preferences.of(member.id)).privateReplies,
      5000,
      "the private-replies choice made in the other process",
    );
  });
});
