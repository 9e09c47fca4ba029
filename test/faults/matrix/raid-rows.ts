import { GuildConfigController } from "../../../src/controllers/guild-config-controller";
import { eventually } from "../../support/eventually";
import { lockRoutes, lockState } from "./channel-rows";
import type { DiscordRoute } from "./discord-faults";
import { compareSettled, SETUP_REPLY_MS } from "./row-kit";
import { APPLIED, UNTOUCHED, type ActionRow, type RunContext, type StatementCombo } from "./rows";

const START_STEPS: readonly StatementCombo[] = [
  "raids.insert",
  "raids.settle",
  "restores.insert",
  { step: "restores.delete", after: { step: "act", fault: "403" } },
];
const END_STEPS: readonly StatementCombo[] = [
  "raids.end",
  "raids.settle",
  "restores.delete",
  { step: "restores.insert", after: { step: "act", fault: "403" } },
];

/** The row's guild with one fresh lockdown channel, known to the bot; a raid started first for `end`. */
async function raidChannel({ world, where }: RunContext, startFirst: boolean): Promise<string> {
  const channel = where.guild.createChannel({ name: "raid-lock" });
  await eventually(() => world.client().channels.cache.has(channel.id), 10_000, "the channel in the cache");
  await world.app.container.resolve(GuildConfigController).addLockdownChannel(where.guild.id, channel.id);
  if (startFirst) {
    const input = { guildId: where.guild.id, userId: where.guild.ownerId, name: "raid", subcommand: "start" };
    const started = await world.sim.command(input).answer(SETUP_REPLY_MS);
    if (!/^Raid mode is on \(raid #\d+\).*\nLocked: <#\d+>$/m.test(started.content))
      throw new Error(`could not start the raid first: ${started.content}`);
  }
  return channel.id;
}

/**
 * Applied: the raid is on (off for `end`) and its channel locked (unlocked), or the answer names the
 * channel it could not change (the raid stands all the same). Untouched: no raid change, channel as before.
 */
function raidState(context: RunContext, channelId: string, how: "start" | "end") {
  const { world, where } = context;
  const read = lockState(world, where, channelId);
  return async (reply: string): Promise<string> => {
    const channel = await compareSettled(read, { locked: true, rows: 1 }, { locked: false, rows: 0 })();
    const rows = await world.sql<{ on: boolean }>(
      "SELECT bool_or(ended_at IS NULL) AS on FROM raids WHERE guild_id = $1",
      [where.guild.id],
    );
    const on = rows[0]?.on === true;
    const changedChannel = how === "start" ? APPLIED : UNTOUCHED;
    const named = new RegExp(`^Could not (un)?lock: <#${channelId}>$`, "m").test(reply);
    if (on === (how === "start")) {
      return channel === changedChannel || named ? APPLIED : `raid changed, channel ${channel}: ${reply}`;
    }
    return channel === (how === "start" ? UNTOUCHED : APPLIED)
      ? UNTOUCHED
      : `raid unchanged, channel ${channel}`;
  };
}

function raidRow(how: "start" | "end"): ActionRow {
  return {
    name: `raid ${how}`,
    covers: [`raid ${how}`],
    discordSteps: how === "start" ? ["lookup", "act", "modlog"] : ["act", "modlog"],
    statementSteps: how === "start" ? START_STEPS : END_STEPS,
    done: how === "start" ? /^Raid mode is on \(raid #\d+\)/ : /^Raid mode is off \(raid #\d+\)/,
    async prepare(context) {
      const { where } = context;
      const channelId = await raidChannel(context, how === "end");
      const routes = lockRoutes(context, channelId);
      const act = { ...(routes.act as DiscordRoute), method: how === "start" ? "PUT" : "DELETE" };
      return {
        input: { userId: where.guild.ownerId, name: "raid", subcommand: how },
        routes: { ...routes, act },
        state: raidState(context, channelId, how),
      };
    },
  };
}

/** /raid start and /raid end, each over one lockdown channel of its own guild. */
export const RAID_ROWS: readonly ActionRow[] = [raidRow("start"), raidRow("end")];
