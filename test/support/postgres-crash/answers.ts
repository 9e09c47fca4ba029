import { InteractionResponseType } from "discord-api-types/v10";
import type { InteractionHandle } from "../../../simulator";

export const UNAVAILABLE = "The database is unavailable right now; try again shortly.";
/** The connection died with COMMIT on its way: saved or not, nobody can tell (the bot says so). */
export const MAYBE_SAVED =
  "The database went away while saving that, so it may or may not have been saved; check before trying again.";

/** COMMIT went through, then the connection died before the case's number (given at commit) was read back. */
export const SAVED_NUMBER_UNKNOWN =
  "Saved, but the database went away before I could read its case number; the case list shows it once the database is back.";

/** What became of one interaction: acknowledged within 3 s or not, and the text it finally showed. */
export interface Answer {
  answered: boolean;
  content: string;
}

/** Waits for the callback (the simulator refuses one after 3 s) and, when it was a defer, for its text. */
export async function answerOf(handle: InteractionHandle): Promise<Answer> {
  const callback = await handle.callback(5_000).catch(() => undefined);
  if (!callback) return { answered: false, content: "" };
  if (callback.type !== InteractionResponseType.DeferredChannelMessageWithSource)
    return { answered: true, content: callback.data?.content ?? "" };
  // A public defer answered with an error is deleted and replaced by a private follow-up: that is the answer.
  const final = await handle.answer(60_000).catch(() => undefined);
  return { answered: true, content: final?.content ?? "(deferred, never finished)" };
}

export type Verdict = "done" | "saved" | "unavailable" | "unknown" | "repeat" | "other";

/**
 * How a /warn or /give answer reads: done, saved without its number (cut off after COMMIT), the database
 * was away (nothing saved), saved or not (COMMIT cut off), a repeat of a case just recorded, or anything else.
 */
export function verdictOf(kind: "warn" | "give", content: string): { verdict: Verdict; caseNumber?: number } {
  if (content === UNAVAILABLE) return { verdict: "unavailable" };
  if (content === MAYBE_SAVED) return { verdict: "unknown" };
  if (kind === "warn" && content === SAVED_NUMBER_UNKNOWN) return { verdict: "saved" };
  if (kind === "give")
    return { verdict: /^Gave \*\*\d+ points?\*\* to <@\d+>\./.test(content) ? "done" : "other" };
  const warned = /^Warned \*\*[^*]+\*\* \(case #(\d+)\)\./.exec(content);
  if (warned) return { verdict: "done", caseNumber: Number(warned[1]) };
  const repeat = /^\*\*[^*]+\*\* was already warned a moment ago \(case #(\d+)\)/.exec(content);
  if (repeat) return { verdict: "repeat", caseNumber: Number(repeat[1]) };
  return { verdict: "other" };
}
