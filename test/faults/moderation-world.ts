import { eventuallyAsync as pollUntil } from "../support/eventually";
import { PermissionFlagsBits, type Client } from "discord.js";
import type { WardenApp } from "../../src/app";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { DiscordSimulator, type SimChannel, type SimGuild, type SimUser } from "../../simulator";
import { createDatabase, dropDatabase } from "../support/test-database";

export interface ModeratedGuild {
  guild: SimGuild;
  /** Has Ban, Kick and Timeout Members. */
  mod: SimUser;
  modLog: SimChannel;
  /** Takes a permission away from the bot's own role (Discord answers 403 50013 from then on). */
  revokeFromBot(permission: bigint): void;
}

export interface ModerationWorld {
  sim: DiscordSimulator;
  app: WardenApp;
  logs: CapturedLogs;
  databaseUrl: string;
  guilds: ModeratedGuild[];
  client(): Client<true>;
  /** A new member of `guild`. */
  member(guild: ModeratedGuild, name: string): SimUser;
}

/**
 * The moderation cog against its own database and `guildCount` guilds, each with a moderator and a mod-log
 * channel; started before the file's tests, stopped after. `databaseUrl` may route through a proxy.
 */
export function useModerationWorld(
  name: string,
  guildCount: number,
  options: { databaseUrl?: (direct: string) => Promise<string> } = {},
): ModerationWorld {
  const database = `warden_faults_${name}_w${process.env.JEST_WORKER_ID ?? "0"}`;
  const world = { guilds: [] as ModeratedGuild[] } as unknown as ModerationWorld;
  beforeAll(async () => {
    world.sim = await DiscordSimulator.start();
    for (let index = 0; index < guildCount; index += 1) world.guilds.push(moderatedGuild(world.sim, index));
    const direct = await createDatabase(database, { migrated: true });
    world.databaseUrl = direct;
    const databaseUrl = options.databaseUrl ? await options.databaseUrl(direct) : direct;
    ({ app: world.app, logs: world.logs } = await startBot({
      sim: world.sim,
      databaseUrl,
      cogs: [ModerationCog],
    }));
    const configs = world.app.container.resolve(GuildConfigController);
    for (const { guild, modLog } of world.guilds) {
      await configs.update(guild.id, { modLogChannelId: modLog.id });
    }
  });
  afterAll(async () => {
    await world.app?.stop();
    await world.sim?.close();
    await dropDatabase(database);
  });
  world.client = () => {
    const client = world.app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    return client;
  };
  world.member = ({ guild }, username) => {
    const user = world.sim.createUser({ username });
    guild.addMember(user.id);
    return user;
  };
  return world;
}

function moderatedGuild(sim: DiscordSimulator, index: number): ModeratedGuild {
  const guild = sim.createGuild({ name: `Guild ${index}` });
  const mods = guild.createRole({
    name: "Mods",
    position: 5,
    permissions:
      PermissionFlagsBits.BanMembers | PermissionFlagsBits.KickMembers | PermissionFlagsBits.ModerateMembers,
  });
  const mod = sim.createUser({ username: `mod${index}` });
  guild.addMember(mod.id, { roles: [mods.id] });
  const modLog = guild.createChannel({ name: "mod-log" });
  const botRole = [...guild.roles.values()].find((role) => role.name === "Warden");
  return {
    guild,
    mod,
    modLog,
    revokeFromBot(permission) {
      if (!botRole) throw new Error("the simulator gave the bot no role");
      botRole.permissions &= ~permission;
    },
  };
}

/** `eventuallyAsync` with the longer patience a moderation world's background work needs. */
export function eventuallyAsync(
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
  what = "the condition",
): Promise<void> {
  return pollUntil(check, timeoutMs, what);
}
