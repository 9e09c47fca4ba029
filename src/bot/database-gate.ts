import { service } from "../service";
import { DatabaseUnavailableError } from "../errors/database-errors";

/**
 * Open once the database is running, migrated and every cog's `onDbReady` has run. Until then the router
 * answers database commands "unavailable" and the scheduler holds back tasks that need the database.
 */
@service()
export class DatabaseGate {
  private opened = false;

  get isOpen(): boolean {
    return this.opened;
  }

  open(): void {
    this.opened = true;
  }

  assertOpen(): void {
    if (!this.opened) throw new DatabaseUnavailableError("the database is not reachable yet");
  }
}
