import { InteractionResponseType } from "discord.js";
import type { CommandInput, DiscordSimulator } from "../../test/support/discord-simulator";

/** Where a /ping goes: a guild, and a member of it who runs the command. */
export interface PingTarget {
  guildId: string;
  userId: string;
}

/** A guild on the simulator with one ordinary member in it, optionally with a given (shard-routing) id. */
export function pingTarget(sim: DiscordSimulator, guildId?: string): PingTarget {
  const guild = sim.createGuild(guildId ? { id: guildId } : {});
  const user = sim.createUser();
  guild.addMember(user.id);
  return { guildId: guild.id, userId: user.id };
}

/**
 * Sends a slash command and resolves with the time from the simulator's INTERACTION_CREATE to the bot's
 * callback request, in ms. Anything but an immediate message whose content passes `expected` (a defer, an
 * error reply, no answer) throws.
 */
export async function immediateReplyLatency(
  sim: DiscordSimulator,
  input: CommandInput,
  expected: (content: string) => boolean,
  timeoutMs = 10_000,
): Promise<number> {
  const handle = sim.command(input);
  const callback = await handle.callback(timeoutMs);
  const content = callback.data?.content ?? "";
  if (callback.type !== InteractionResponseType.ChannelMessageWithSource || !expected(content)) {
    throw new Error(
      `/${input.name} was answered with callback type ${callback.type} ${JSON.stringify(content)}`,
    );
  }
  return Number(callback.receivedAt - handle.dispatchedAt) / 1e6;
}

/** `immediateReplyLatency` of `/ping`, which must answer "Pong!…". */
export function pingLatency(sim: DiscordSimulator, target: PingTarget, timeoutMs = 10_000): Promise<number> {
  return immediateReplyLatency(
    sim,
    { guildId: target.guildId, userId: target.userId, name: "ping" },
    (content) => content.startsWith("Pong!"),
    timeoutMs,
  );
}
