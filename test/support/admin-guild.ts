import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import type { CogClass } from "../../src/bot/cog";
import { startBot } from "./bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "./test-database";

export interface AdminGuild {
  sim: DiscordSimulator;
  app: WardenApp;
  guild: SimGuild;
  /** Has Manage Server. */
  admin: SimUser;
  /** An ordinary member. */
  alice: SimUser;
}

/**
 * The app with `cogs`, its own database and a guild with an admin and an ordinary member, started before the
 * file's tests and stopped after them. The fields are filled in `beforeAll`.
 */
export function useAdminGuild(name: string, cogs: readonly CogClass[]): AdminGuild {
  const database = `warden_e2e_${name}_w${process.env.JEST_WORKER_ID ?? "0"}`;
  const world = {} as AdminGuild;
  beforeAll(async () => {
    world.sim = await DiscordSimulator.start();
    world.guild = world.sim.createGuild({ name });
    const admins = world.guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    world.admin = world.sim.createUser({ username: "admin" });
    world.alice = world.sim.createUser({ username: "alice" });
    world.guild.addMember(world.admin.id, { roles: [admins.id] });
    world.guild.addMember(world.alice.id);
    const databaseUrl = await createDatabase(database, { migrated: true });
    ({ app: world.app } = await startBot({ sim: world.sim, databaseUrl, cogs }));
  });
  afterAll(async () => {
    await world.app?.stop();
    await world.sim?.close();
    await dropDatabase(database);
  });
  return world;
}
