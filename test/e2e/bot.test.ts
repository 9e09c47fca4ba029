import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { CoreCog } from "../../src/cogs/core/core-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually } from "../support/eventually";
import { migrationShown } from "../support/schema-version";
import { TestCog } from "../support/test-cogs";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_bot_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("the bot against the Discord simulator and a real database", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let logs: CapturedLogs;
  let guild: SimGuild;
  let alice: SimUser;
  let moderator: SimUser;
  let owner: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Test Guild" });
    alice = sim.createUser({ username: "alice" });
    moderator = sim.createUser({ username: "mod" });
    owner = sim.createUser({ username: "owner" });
    guild.addMember(alice.id);
    guild.addMember(owner.id);
    const mods = guild.createRole({
      name: "Mods",
      permissions: PermissionFlagsBits.ModerateMembers,
      position: 2,
    });
    guild.addMember(moderator.id, { roles: [mods.id] });
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app, logs } = await startBot({
      sim,
      databaseUrl,
      cogs: [CoreCog, TestCog],
      env: { OWNER_IDS: owner.id },
    }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const run = (
    userId: string,
    name: string,
    rest: Partial<Parameters<DiscordSimulator["command"]>[0]> = {},
  ) => sim.command({ guildId: guild.id, userId, name, ...rest });

  it("logs in, reaches ready and registers its commands once", () => {
    expect(app.bot.client.isReady()).toBe(true);
    const names = sim.registeredCommands().map((command) => command.name);
    expect(names.sort()).toEqual(["about", "modonly", "owneronly", "ping", "test"]);
    expect(logs.find((line) => line.msg === "commands registered")).toBeDefined();
    expect(sim.requests.filter("PUT", "/applications/:app/commands")).toHaveLength(1);
  });

  it("calls onDbReady once the database is migrated", () => {
    const cog = app.cogs.find((candidate) => candidate.name === "test") as TestCog;
    expect(cog.dbReadyCalls).toBe(1);
  });

  it("answers /ping publicly", async () => {
    const reply = await run(alice.id, "ping").answer();
    expect(reply.content).toMatch(/^Pong!/);
    expect(reply.ephemeral).toBe(false);
  });

  it("answers /about with version, shard and database status", async () => {
    const reply = await run(alice.id, "about").answer();
    expect(reply.ephemeral).toBe(true);
    const fields = Object.fromEntries(
      (reply.embeds[0]?.fields ?? []).map((field) => [field.name, field.value]),
    );
    expect(fields.Version).toBe("0.1.0");
    expect(fields.Schema).toBe(migrationShown());
    expect(fields.Shard).toBe("1 of 1");
    expect(fields.Database).toMatch(/^external PostgreSQL: running, \d+ ms$/);
  });

  it("reads the schema version from the database's migrations table, not from the build", async () => {
    const newest = migrationShown().split(" ")[0] ?? "";
    const { rows } = await app.database.sql<{ id: number; timestamp: string; name: string }>(
      "DELETE FROM migrations WHERE name LIKE $1 || '%' RETURNING id, timestamp, name",
      [newest],
    );
    try {
      expect(rows).toHaveLength(1);
      const schema = async () =>
        (await run(alice.id, "about").answer()).embeds[0]?.fields?.find((field) => field.name === "Schema")
          ?.value;
      expect(await schema()).toBe(migrationShown(1));
    } finally {
      for (const row of rows) {
        await app.database.sql("INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)", [
          row.id,
          row.timestamp,
          row.name,
        ]);
      }
    }
  });

  it("answers an unknown command with an ephemeral explanation", async () => {
    const reply = await run(alice.id, "nonexistent").answer();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/I don't know `\/nonexistent`/);
  });

  it("refuses a member without the permission, naming what is missing", async () => {
    const reply = await run(alice.id, "modonly").answer();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(
      "You need the Timeout Members permission or a moderator role to use /modonly.",
    );
  });

  it("lets a member with the permission, or with a configured moderator role, through", async () => {
    expect((await run(moderator.id, "modonly").answer()).content).toBe("moderator path ok");
    const helpers = guild.createRole({ name: "Helpers", position: 1 });
    const bob = sim.createUser({ username: "bob" });
    guild.addMember(bob.id, { roles: [helpers.id] });
    await app.container.resolve(GuildConfigController).addModeratorRole(guild.id, helpers.id);
    expect((await run(bob.id, "modonly").answer()).content).toBe("moderator path ok");
  });

  it("keeps owner-only commands to OWNER_IDS", async () => {
    expect((await run(alice.id, "owneronly").answer()).content).toBe(
      "Only the bot's owners can use /owneronly.",
    );
    expect((await run(owner.id, "owneronly").answer()).content).toBe("owner path ok");
  });

  it("turns a handler that throws into an incident id, with the error only in the log", async () => {
    const reply = await run(alice.id, "test", { subcommand: "throw" }).answer();
    expect(reply.ephemeral).toBe(true);
    const incident = /incident `([0-9a-f]{8})`/.exec(reply.content)?.[1];
    expect(incident).toBeDefined();
    expect(reply.content).not.toMatch(/boom/);
    const line = logs.find((entry) => entry.incidentId === incident);
    expect(JSON.stringify(line?.err)).toMatch(/boom: an internal detail/);
    expect(line?.command).toBe("/test throw");
  });

  it("defers a handler that takes 2.5 s, then edits in its answer", async () => {
    const handle = run(alice.id, "test", { subcommand: "slow", options: { ms: 2500 } });
    const callback = await handle.callback();
    expect(callback.type).toBe(5);
    const reply = await handle.answer(8000);
    expect(reply.content).toBe("done after 2500 ms");
    expect(handle.deferred).toBe(true);
  });

  it("passes typed arguments and resolved members, pinging only whom it means to", async () => {
    const handle = run(alice.id, "test", {
      subcommand: "echo",
      options: { text: "hello", user: moderator.id, duration: "1h30m", mood: "sad" },
    });
    const reply = await handle.answer();
    expect(reply.content).toBe("text=hello user=mod (member of Mods) duration=5400000 mood=sad");
    expect(reply.allowedMentions).toEqual({ parse: [], users: [moderator.id], roles: [] });
  });

  it("names the option and the rule when validation fails", async () => {
    const reply = await run(alice.id, "test", {
      subcommand: "echo",
      options: { text: "this is forbidden", duration: "soon" },
    }).answer();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/`text`: has an invalid format/);
    expect(reply.content).toMatch(/`duration`: must look like 10m, 1h30m or 7d/);
  });

  it("routes buttons by custom-id prefix and updates the message", async () => {
    const first = await run(alice.id, "test", { subcommand: "buttons" }).answer();
    expect(first.content).toBe("count 0");
    const pressed = await sim
      .button({ guildId: guild.id, userId: alice.id, customId: "counter:0", messageId: first.id })
      .answer();
    expect(pressed.content).toBe("count 1");
  });

  it("opens a modal and routes its submission", async () => {
    const opened = await run(alice.id, "test", { subcommand: "form" }).answer();
    expect(opened.modal?.custom_id).toBe("test-form:42");
    const submitted = await sim
      .modalSubmit({
        guildId: guild.id,
        userId: alice.id,
        customId: "test-form:42",
        fields: { answer: "yes" },
      })
      .answer();
    expect(submitted.content).toBe("form 42 answered: yes");
    expect(submitted.ephemeral).toBe(true);
  });

  it("answers autocomplete from the cog's handler", async () => {
    const reply = await sim
      .autocomplete({
        guildId: guild.id,
        userId: alice.id,
        name: "test",
        subcommand: "search",
        focused: "fruit",
        options: { fruit: "ap" },
      })
      .answer();
    expect(reply.choices).toEqual([
      { name: "apple", value: "apple" },
      { name: "apricot", value: "apricot" },
    ]);
  });

  it("says which permission the bot itself lacks before running a handler", async () => {
    const reply = await run(moderator.id, "test", { subcommand: "prune" }).answer();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe("I need the Manage Server permission in this channel to do that.");
  });

  it("answers a button nobody handles", async () => {
    const reply = await sim.button({ guildId: guild.id, userId: alice.id, customId: "gone:1" }).answer();
    expect(reply.content).toBe("That no longer works; run the command again.");
  });

  it("delivers gateway events to cog listeners", async () => {
    const victim = sim.createUser({ username: "victim" });
    guild.addMember(victim.id);
    await app.bot.client.guilds.cache.get(guild.id)?.members.ban(victim.id, { reason: "test" });
    const cog = app.cogs.find((candidate) => candidate.name === "test") as TestCog;
    await eventually(() => cog.events.includes(`ban:${victim.id}`), 3000, "the guildBanAdd listener");
  });
});
