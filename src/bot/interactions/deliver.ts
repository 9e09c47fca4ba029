import type { Logger } from "../../logger";
import type { Translator } from "../../i18n/translator";
import { isExpectedFailure } from "../error-replies";
import { translateDiscordError } from "../discord-errors";
import { newIncidentId } from "../incident-id";
import type { HandlerResult } from "./reply";
import type { InteractionResponder } from "./responder";

/**
 * Sends the answer to work that was done. When Discord fails it, the same answer goes once more (a 5xx
 * often passes); when that fails too, a short line says the work was done. Never an error that invites a
 * retry: the member would do it twice (two /give, two /economy add).
 */
export async function deliverDone(
  responder: InteractionResponder,
  result: HandlerResult,
  logger: Logger,
  t: Translator,
  context: Record<string, unknown>,
): Promise<"ok" | "error"> {
  try {
    await responder.send(result);
    return "ok";
  } catch (error) {
    logger.warn(
      { err: error, ...context },
      "Discord failed the answer to work that was done; sending it again",
    );
  }
  try {
    await responder.send(result);
    return "ok";
  } catch (error) {
    // A Discord failure we know (5xx, rate limit, timeout) is no incident; anything else is a bug of ours.
    const incidentId = isExpectedFailure(translateDiscordError(error)) ? undefined : newIncidentId();
    logger[incidentId ? "error" : "warn"](
      { err: error, incidentId, ...context },
      "could not deliver the answer to work that was done",
    );
    const content = incidentId
      ? t.t("common.done_but_unshown_incident", { incidentId })
      : t.t("common.done_but_unshown");
    await responder.send({ content, ephemeral: true }).catch((sendError: unknown) => {
      logger.warn({ err: sendError, ...context }, "could not say that the work was done");
    });
    return incidentId ? "error" : "ok";
  }
}
