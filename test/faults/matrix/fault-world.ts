import { PermissionFlagsBits, type Client } from "discord.js";
import { Client as PgClient } from "pg";
import type { WardenApp } from "../../../src/app";
import type { PeriodicTask } from "../../../src/bot/scheduler";
import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { startBot, type CapturedLogs } from "../../support/bot-harness";
import {
  DiscordSimulator,
  type SimChannel,
  type SimGuild,
  type SimRole,
  type SimUser,
} from "../../../simulator";
import { TcpProxy } from "../../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../../support/test-database";
import { StatementFaults, TEST_CONNECTION } from "./statement-faults";

/** One guild of the world: a moderator (Ban, Kick, Timeout Members and Manage Server) and a mod log. */
export interface WorldGuild {
  label: string;
  guild: SimGuild;
  mod: SimUser;
  /** The moderator's role ("Mods", below the bot's). */
  modRole: SimRole;
  modLog: SimChannel;
  /** A new ordinary member. */
  member(name?: string): SimUser;
}

export interface FaultWorld {
  sim: DiscordSimulator;
  app: WardenApp;
  logs: CapturedLogs;
  /** Between the bot and PostgreSQL: `down()` is an outage for the bot alone. */
  proxy: TcpProxy;
  /** A connection of the test's own, past the proxy. */
  sql<R extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  statements: StatementFaults;
  /** Owner of the bot (OWNER_IDS), a member of every guild. */
  operator: SimUser;
  /** Rejections nobody handled while the world ran (the process must not have any). */
  unhandled: unknown[];
  guild(label: string): WorldGuild;
  client(): Client<true>;
  /** The scheduled task with this name, to run it when a test wants rather than when it falls due. */
  task(name: string): PeriodicTask;
}

/** Short enough for timeouts to cost a second or so, long enough for an ordinary request on a busy machine. */
export const REST_TIMEOUT_MS = 1500;

/**
 * The whole app (every cog) against the simulator and its own database behind a TCP proxy, with one guild
 * per label, all created before the bot connects. Started before the file's tests, stopped after.
 */
export function useFaultWorld(
  name: string,
  labels: readonly string[],
  options: { restTimeoutMs?: number; restConnections?: number } = {},
): FaultWorld {
  const database = `warden_matrix_${name}_w${process.env.JEST_WORKER_ID ?? "0"}`;
  const guilds = new Map<string, WorldGuild>();
  const world = { unhandled: [] as unknown[] } as FaultWorld;
  let admin: PgClient | undefined;
  const onUnhandled = (reason: unknown): void => void world.unhandled.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    world.sim = await DiscordSimulator.start();
    world.operator = world.sim.createUser({ username: "operator" });
    for (const label of labels) guilds.set(label, worldGuild(world.sim, label, world.operator));
    const direct = await createDatabase(database, { migrated: true });
    admin = new PgClient({ connectionString: direct, application_name: TEST_CONNECTION });
    admin.on("error", () => undefined); // the database is dropped (with its connections) at the end
    await admin.connect();
    const connection = admin;
    world.sql = async (text, params) => (await connection.query(text, params)).rows;
    world.statements = new StatementFaults(connection);
    await world.statements.install();
    const proxied = await TcpProxy.forUrl(direct);
    world.proxy = proxied.proxy;
    ({ app: world.app, logs: world.logs } = await startBot({
      sim: world.sim,
      databaseUrl: proxied.url,
      env: {
        DISCORD_REST_TIMEOUT_MS: String(options.restTimeoutMs ?? REST_TIMEOUT_MS),
        ...(options.restConnections ? { DISCORD_REST_CONNECTIONS: String(options.restConnections) } : {}),
        OWNER_IDS: world.operator.id,
        LOG_LEVEL: "warn", // what the matrix reads (incidents, refusals, retries); info lines cost time
      },
    }));
    const configs = world.app.container.resolve(GuildConfigController);
    for (const { guild, modLog } of guilds.values()) {
      await configs.update(guild.id, { modLogChannelId: modLog.id });
    }
  });
  afterAll(async () => {
    await world.app?.stop();
    await world.sim?.close();
    await world.proxy?.close();
    await admin?.end();
    await dropDatabase(database);
    process.off("unhandledRejection", onUnhandled);
  });

  world.guild = (label) => {
    const found = guilds.get(label);
    if (!found) throw new Error(`the world has no guild "${label}"`);
    return found;
  };
  world.client = () => {
    const client = world.app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    return client;
  };
  world.task = (taskName) => {
    const task = world.app.cogs.flatMap((cog) => cog.tasks ?? []).find((t) => t.name === taskName);
    if (!task) throw new Error(`no cog has a task "${taskName}"`);
    return task;
  };
  return world;
}

function worldGuild(sim: DiscordSimulator, label: string, operator: SimUser): WorldGuild {
  const guild = sim.createGuild({ name: label });
  const mods = guild.createRole({
    name: "Mods",
    position: 5,
    permissions:
      PermissionFlagsBits.BanMembers |
      PermissionFlagsBits.KickMembers |
      PermissionFlagsBits.ModerateMembers |
      PermissionFlagsBits.ManageGuild,
  });
  const mod = sim.createUser({ username: `mod-${label}`.slice(0, 32) });
  guild.addMember(mod.id, { roles: [mods.id] });
  guild.addMember(operator.id);
  const modLog = guild.createChannel({ name: "mod-log" });
  let members = 0;
  return {
    label,
    guild,
    mod,
    modRole: mods,
    modLog,
    member(name) {
      members += 1;
      const user = sim.createUser({ username: name ?? `member${members}` });
      guild.addMember(user.id);
      return user;
    },
  };
}

export { eventuallyAsync } from "../../support/eventually";
