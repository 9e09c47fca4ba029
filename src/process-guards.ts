import { newIncidentId } from "./bot/incident-id";
import type { Logger } from "./logger";

/**
 * The last line of defence for the entry points: a promise rejection nobody handled is logged under an
 * incident id and the process keeps serving (every known path already goes through `Incidents`; this is for
 * the unknown ones). `report` lets the running app count it too.
 */
export function installProcessGuards(logger: Logger): { report: (reason: unknown) => void } {
  const guard = {
    report: (reason: unknown): void => {
      logger.error({ err: reason, incidentId: newIncidentId() }, "unhandled promise rejection");
    },
  };
  process.on("unhandledRejection", (reason) => guard.report(reason));
  return guard;
}
