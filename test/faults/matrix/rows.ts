import type { DiscordFaultName, DiscordRoute } from "./discord-faults";
import type { FaultWorld, WorldGuild } from "./fault-world";
import type { StatementStepName } from "./statement-faults";

/** The Discord requests an action makes, by what they are for. */
export type DiscordStepName =
  | "dm" // the direct message telling the member
  | "lookup" // reading Discord's state before acting (/unban: the ban)
  | "act" // the action itself
  | "unban" // a second action (/softban lifts its ban)
  | "modlog" // posting the case to the mod log
  | "modlog-edit" // editing the case's mod-log message
  | "download"; // fetching a file a member attached from Discord's CDN (/case evidence)

/** A statement made to fail, alone or once a Discord fault has led the action to it. */
export type StatementCombo =
  StatementStepName | { step: StatementStepName; after: { step: DiscordStepName; fault: DiscordFaultName } };

export interface RunContext {
  world: FaultWorld;
  where: WorldGuild;
}

/** The one interaction a row sends (in the row's guild). */
export interface CommandSpec {
  userId: string;
  name: string;
  group?: string;
  subcommand?: string;
  options?: Record<string, string | number | boolean>;
}

/** A form (modal) a menu opened while the row was prepared, sent filled in. */
export interface ModalSpec {
  userId: string;
  modal: { customId: string; fields: Record<string, string> };
}

/** A button pressed on a message of the row's guild (Accept on an appeal's post). */
export interface ButtonSpec {
  userId: string;
  button: { customId: string; messageId: string };
}

/** A form submitted in the user's DMs with the bot, with no guild (a ban appeal). */
export interface DmModalSpec {
  userId: string;
  dmModal: { customId: string; fields: Record<string, string> };
}

export type RowInput = CommandSpec | ModalSpec | ButtonSpec | DmModalSpec;

/** An action set up in its guild, ready to run once. */
export interface PreparedRun {
  input: RowInput;
  routes: Partial<Record<DiscordStepName, DiscordRoute>>;
  /** What a statement step's scope column holds for this run; default the guild's id. */
  scopes?: Partial<Record<StatementStepName, string>>;
  /**
   * What the records and Discord show once everything has settled: "applied", "untouched", or a
   * description of what is half done (a failure of the test whatever the reply said). `reply` is the
   * answer's text, for effects the answer must have owned up to.
   */
  state(reply: string): Promise<string>;
}

/** A command that writes (or asks Discord to act): one row of the matrix. */
export interface ActionRow {
  name: string;
  /** The command paths the row stands for ("ban", "case reason", "config modrole add"). */
  covers: readonly string[];
  /** Its Discord requests, in order; each is failed in turn with each Discord fault. */
  discordSteps: readonly DiscordStepName[];
  /** Its statements; each is failed in turn. */
  statementSteps: readonly StatementCombo[];
  /** The answer of a run that did what was asked. */
  done: RegExp;
  prepare(context: RunContext): Promise<PreparedRun>;
}

export const APPLIED = "applied";
export const UNTOUCHED = "untouched";

export function statementName(combo: StatementCombo): string {
  return typeof combo === "string" ? combo : `${combo.step} after ${combo.after.step} ${combo.after.fault}`;
}
