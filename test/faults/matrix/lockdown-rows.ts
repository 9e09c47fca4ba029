import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { eventually } from "../../support/eventually";
import { lockRoutes, lockState, LOCKED, OPEN } from "./channel-rows";
import type { DiscordRoute } from "./discord-faults";
import { compareSettled, SETUP_REPLY_MS } from "./row-kit";
import type { ActionRow, RunContext, StatementCombo } from "./rows";

const START_STEPS: readonly StatementCombo[] = [
  "restores.insert",
  "restores.update",
  // Discord refused the lock and the row written ahead cannot be taken back.
  { step: "restores.delete", after: { step: "act", fault: "403" } },
];
const END_STEPS: readonly StatementCombo[] = [
  "restores.update",
  "restores.delete",
  // Discord refused the unlock and the row taken away cannot be written back.
  { step: "restores.insert", after: { step: "act", fault: "403" } },
];

/** The row's guild with one fresh lockdown channel (its only one), known to the bot; locked first for `end`. */
async function lockdownChannel({ world, where }: RunContext, lockFirst: boolean): Promise<string> {
  const channel = where.guild.createChannel({ name: "lockdown" });
  await eventually(() => world.client().channels.cache.has(channel.id), 10_000, "the channel in the cache");
  await world.app.container.resolve(GuildConfigController).addLockdownChannel(where.guild.id, channel.id);
  if (lockFirst) {
    const input = {
      guildId: where.guild.id,
      userId: where.guild.ownerId,
      name: "lockdown",
      subcommand: "start",
    };
    const started = await world.sim.command(input).answer(SETUP_REPLY_MS);
    if (!/^Lockdown: locked 1 channel\.$/.test(started.content))
      throw new Error(`could not start the lockdown first: ${started.content}`);
  }
  return channel.id;
}

function lockdownRow(how: "start" | "end"): ActionRow {
  return {
    name: `lockdown ${how}`,
    covers: [`lockdown ${how}`],
    discordSteps: how === "start" ? ["lookup", "act", "modlog"] : ["act", "modlog"],
    statementSteps: how === "start" ? START_STEPS : END_STEPS,
    done: how === "start" ? /^Lockdown: locked 1 channel\.$/ : /^Lockdown over: unlocked 1 channel\.$/,
    async prepare(context) {
      const { world, where } = context;
      const channelId = await lockdownChannel(context, how === "end");
      const routes = lockRoutes(context, channelId);
      const act = { ...(routes.act as DiscordRoute), method: how === "start" ? "PUT" : "DELETE" };
      const state = lockState(world, where, channelId);
      return {
        input: { userId: where.guild.ownerId, name: "lockdown", subcommand: how },
        routes: { ...routes, act },
        state: how === "start" ? compareSettled(state, LOCKED, OPEN) : compareSettled(state, OPEN, LOCKED),
      };
    },
  };
}

/** /lockdown start and end, each over one lockdown channel of its own guild. */
export const LOCKDOWN_ROWS: readonly ActionRow[] = [lockdownRow("start"), lockdownRow("end")];
