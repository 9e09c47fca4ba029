import { InteractionResponseType } from "discord-api-types/v10";
import type { InteractionHandle, SimMessage } from "../simulator";
import type { LineResult } from "./line-result";
import { newMessages, snapshot, type MessageSource } from "./messages";
import { renderMessage, type NameBook } from "./render";
import { block } from "./views";

export interface ExchangeOptions {
  source: MessageSource;
  names: NameBook;
  /** Resolves once the bot has finished the interactions it is handling (side effects included). */
  settle: () => Promise<void>;
  print: (line: string) => void;
  replyTimeoutMs: number;
}

/**
 * Sends an interaction and prints what came of it: the answer, its follow-ups, then whatever else the bot
 * posted meanwhile (`[#mod-log]`, `[DM to @alice]`). `seen` is told of every answer shown to the actor.
 */
export async function exchange(
  options: ExchangeOptions,
  start: () => InteractionHandle,
  seen: (message: SimMessage) => void,
): Promise<LineResult> {
  const before = snapshot(options.source);
  const handle = start();
  const reply = await answer(options, handle);
  if (reply === "none") return "failed";
  const shown = new Set<string>();
  const show = (message: SimMessage): string[] => {
    shown.add(message.id);
    seen(message);
    return renderMessage(message, options.names);
  };
  if (reply === "silent") options.print("(Warden acknowledged it without changing anything)");
  else show(reply).forEach((line) => options.print(line));
  for (const followUp of handle.followUps()) {
    block("[follow-up]", show(followUp)).forEach((line) => options.print(line));
  }
  for (const side of newMessages(options.source, before, shown)) {
    block(`[${side.where}]`, renderMessage(side.message, options.names)).forEach((line) =>
      options.print(line),
    );
  }
  return "ok";
}

/** The answer; "silent" for a deferred update that changed nothing; "none" (printed why) for no answer. */
async function answer(
  options: ExchangeOptions,
  handle: InteractionHandle,
): Promise<SimMessage | "silent" | "none"> {
  const seconds = Math.round(options.replyTimeoutMs / 1000);
  const callback = await handle.callback(options.replyTimeoutMs).catch(() => undefined);
  if (!callback) {
    options.print(`no answer from Warden within ${seconds} s`);
    return "none";
  }
  if (callback.type === InteractionResponseType.DeferredMessageUpdate) {
    await options.settle();
    return (await handle.reply(50).catch(() => undefined)) ?? "silent";
  }
  const reply = await handle.reply(options.replyTimeoutMs).catch(() => undefined);
  await options.settle();
  if (reply) return reply;
  options.print(`Warden started answering but sent nothing within ${seconds} s`);
  return "none";
}
