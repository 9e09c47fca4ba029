import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { GroupsCog } from "../../src/cogs/groups/groups-cog";
import { GroupController } from "../../src/controllers/group-controller";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../support/discord-simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_groups_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("/group", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let admin: SimUser;
  let alice: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Groups" });
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    admin = sim.createUser({ username: "admin" });
    alice = sim.createUser({ username: "alice" });
    guild.addMember(admin.id, { roles: [admins.id] });
    guild.addMember(alice.id);
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [GroupsCog] }));
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const run = (subcommand: string, options: Record<string, string> = {}, userId = admin.id) =>
    sim.command({ guildId: guild.id, userId, name: "group", subcommand, options }).reply();

  it("creates, fills, lists, empties and deletes a group", async () => {
    expect((await run("create", { name: "Helpers" })).content).toBe("Created the group `Helpers`.");
    expect((await run("add", { name: "helpers", user: alice.id })).content).toBe(
      `Added <@${alice.id}> to \`Helpers\`.`,
    );
    expect((await run("add", { name: "HELPERS", user: alice.id })).content).toBe(
      `<@${alice.id}> is already in \`Helpers\`.`,
    );
    const groups = app.container.resolve(GroupController);
    const group = await groups.getByNameOrFail(guild.id, "helpers");
    expect(await groups.isMember(group.id, alice.id)).toBe(true);
    expect((await run("list")).content).toBe("`Helpers` · 1 member(s)");
    expect((await run("list", { name: "helpers" })).content).toBe(`\`Helpers\`: <@${alice.id}>`);
    expect((await run("remove", { name: "helpers", user: alice.id })).content).toBe(
      `Removed <@${alice.id}> from \`Helpers\`.`,
    );
    expect((await run("remove", { name: "helpers", user: alice.id })).content).toBe(
      `<@${alice.id}> isn't in \`Helpers\`.`,
    );
    expect((await run("delete", { name: "helpers" })).content).toBe("Deleted the group `Helpers`.");
    expect((await run("list")).content).toBe("No groups yet.");
  });

  it("refuses a name taken in different case, and unknown groups", async () => {
    await run("create", { name: "Artists" });
    const reply = await run("create", { name: "ARTISTS" });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe("A group named `ARTISTS` already exists.");
    expect((await run("add", { name: "nobody", user: alice.id })).content).toBe(
      "There is no group named `nobody`.",
    );
    expect((await run("delete", { name: "nobody" })).content).toBe("There is no group named `nobody`.");
    expect((await run("create", { name: "two words" })).content).toContain("`name`");
  });

  it("refuses members without Manage Server or a moderator role", async () => {
    const reply = await run("create", { name: "Mine" }, alice.id);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain("You need the Manage Server permission or a moderator role");
    expect((await run("list", {}, alice.id)).content).toContain("You need the Manage Server permission");
  });
});
