import type { ClientEvents, GatewayIntentBits } from "discord.js";
import type { constructor } from "tsyringe/dist/typings/types";
import type { MenuRegistration } from "./commands/menu";
import type { CommandRegistration, ComponentRegistration } from "./commands/registration";
import type { PeriodicTask } from "./scheduler";

/**
 * How a cog depends on the database (every cog is always loaded and its commands always registered):
 * - `required`: until the database is up and `onDbReady` has run, its commands, components and
 *   autocompletes answer "the database is unavailable, try again shortly" without running;
 * - `optional`: its handlers run regardless, meet DatabaseUnavailableError and degrade;
 * - `none`: never touches it.
 * Tasks of `required` and `optional` cogs wait for the database.
 */
export type DatabaseNeed = "required" | "optional" | "none";

export interface ListenerRegistration {
  readonly event: keyof ClientEvents;
  readonly once: boolean;
  readonly run: (...args: unknown[]) => Promise<void> | void;
}

/** A gateway event listener; errors it throws are logged with an incident id, never crash the bot. */
export function listener<E extends keyof ClientEvents>(
  event: E,
  run: (...args: ClientEvents[E]) => Promise<void> | void,
  options: { once?: boolean } = {},
): ListenerRegistration {
  return { event, once: options.once ?? false, run: run as (...args: unknown[]) => Promise<void> | void };
}

/**
 * A feature: its slash commands, context menus, component and modal handlers, event listeners and the gateway intents
 * they need. Dependencies arrive through the constructor (tsyringe).
 */
export interface Cog {
  readonly name: string;
  readonly database: DatabaseNeed;
  readonly intents?: readonly GatewayIntentBits[];
  readonly commands?: readonly CommandRegistration[];
  /** Context-menu commands: right-click a member or a message, Apps → "Warn". */
  readonly menus?: readonly MenuRegistration[];
  readonly components?: readonly ComponentRegistration[];
  readonly listeners?: readonly ListenerRegistration[];
  /** Periodic work, started once the client is ready and stopped before it disconnects. */
  readonly tasks?: readonly PeriodicTask[];
  /** Called once the database is running and migrated — at start-up, or later when it comes up. */
  onDbReady?(): Promise<void>;
  /**
   * Called on shutdown after the client has disconnected (no more events arrive) and before the database
   * closes: the place to flush what the cog buffers in memory.
   */
  onShutdown?(): Promise<void>;
}

/** A cog class as tsyringe constructs it. */
export type CogClass = constructor<Cog>;
