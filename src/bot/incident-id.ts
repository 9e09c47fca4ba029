import { randomUUID } from "node:crypto";

/** A short id that ties a reply or a log search to the full error in the logs. */
export function newIncidentId(): string {
  return randomUUID().slice(0, 8);
}
