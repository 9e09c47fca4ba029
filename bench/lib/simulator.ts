import { InteractionResponseType } from "discord.js";
import type { CommandInput, DiscordSimulator } from "../../simulator";

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

/** How one interaction was answered: when the member saw the answer, and whether it was deferred first. */
export interface Answer {
  /** ms from the simulator's INTERACTION_CREATE to the answer: the reply callback, or for a deferred
   * interaction the edit that completed its "thinking…" message. */
  ms: number;
  deferred: boolean;
}

/**
 * Sends a slash command and resolves with how it was answered. An immediate reply or a defer followed by the
 * reply are both answers (a busy machine makes the bot defer; that is measured, not an error); an answer
 * whose content fails `expected`, or none at all, throws.
 */
export async function replyLatency(
  sim: DiscordSimulator,
  input: CommandInput,
  expected: (content: string) => boolean,
  timeoutMs = 10_000,
): Promise<Answer> {
  const handle = sim.command(input);
  const callback = await handle.callback(timeoutMs);
  const elapsed = (at: bigint): number => Number(at - handle.dispatchedAt) / 1e6;
  let answer: Answer;
  let content: string;
  if (callback.type === InteractionResponseType.ChannelMessageWithSource) {
    answer = { ms: elapsed(callback.receivedAt), deferred: false };
    content = callback.data?.content ?? "";
  } else if (callback.type === InteractionResponseType.DeferredChannelMessageWithSource) {
    content = (await handle.reply(DEFERRED_REPLY_TIMEOUT_MS)).content;
    answer = { ms: elapsed(process.hrtime.bigint()), deferred: true };
  } else {
    throw new Error(`/${input.name} was answered with callback type ${callback.type}`);
  }
  if (!expected(content)) {
    throw new Error(
      `/${input.name} was answered ${answer.deferred ? "(after a defer) " : ""}${JSON.stringify(content)}`,
    );
  }
  return answer;
}

/** How long a deferred interaction may take to be completed (Discord allows 15 minutes). */
const DEFERRED_REPLY_TIMEOUT_MS = 60_000;

/** `replyLatency` of `/ping`, which must answer "Pong!…". */
export function pingLatency(sim: DiscordSimulator, target: PingTarget, timeoutMs = 10_000): Promise<Answer> {
  return replyLatency(
    sim,
    { guildId: target.guildId, userId: target.userId, name: "ping" },
    (content) => content.startsWith("Pong!"),
    timeoutMs,
  );
}
