import { ComponentType } from "discord.js";
import type { SimMessage } from "../../../simulator";
import type { AppealFixture } from "./appeal-fixture";
import type { OptionValue } from "./arguments";

/** A command, as `sim.command` takes it, without the guild and the user. */
export interface CommandCall {
  name: string;
  group?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

/**
 * How to get a real component of a registration: the command whose answer carries it, or for a menu's
 * modal, the menu that opens it (on a new member or message) and what to fill in.
 */
export type ComponentRecipe = { command: CommandCall } | MenuRecipe | CraftedRecipe | ReportPostRecipe;
/** A button on a report's queue post (a report filed for the purpose), or the modal that button opens. */
export interface ReportPostRecipe {
  reportButton: string;
  fields?: Record<string, string>;
}
/** A menu's modal: the menu (on a new member, or with `on: "message"` a new message) and what to fill in. */
export interface MenuRecipe {
  menu: string;
  on?: "member" | "message";
  fields: Record<string, string>;
}

/**
 * One recipe per component and modal handler the cogs register, keyed `component:<prefix>` or
 * `modal:<prefix>`; a handler without one fails the matrix. The fixture gives each guild more than a
 * page of cases and of points holders, so both lists carry an enabled Next button.
 */
export const COMPONENT_RECIPES: Record<string, ComponentRecipe> = {
  "component:cases": { command: { name: "cases", subcommand: "list" } },
  "component:leaderboard": { command: { name: "leaderboard" } },
  "modal:menu-warn": { menu: "Warn", fields: { reason: "matrix" } },
  "modal:menu-note": { menu: "Note", fields: { note: "matrix" } },
  "modal:menu-timeout": { menu: "Timeout", fields: { duration: "1m", reason: "matrix" } },
  "modal:menu-evidence": { menu: "Add as evidence to a case", on: "message", fields: { number: "1" } },
  "modal:menu-purge": { menu: "Purge after this", on: "message", fields: { count: "1" } },
  "component:appeal": { crafted: (f) => `appeal:${f.guildId}.${String(f.banCaseId)}` },
  "modal:appeal-form": {
    crafted: (f) => `appeal-form:${f.guildId}.${String(f.banCaseId)}`,
    fields: { reason: "matrix" },
  },
  "component:appeal-accept": { crafted: (f) => `appeal-accept:${String(f.acceptAppealId)}` },
  "component:appeal-reject": { crafted: (f) => `appeal-reject:${String(f.rejectAppealId)}` },
  "modal:appeal-reject-form": {
    crafted: (f) => `appeal-reject-form:${String(f.rejectAppealId)}`,
    fields: { reason: "matrix" },
  },
  "component:rpt-list": { command: { name: "reports", subcommand: "list" } },
  "modal:rpt-menu": { menu: "Report", on: "message", fields: { reason: "matrix" } },
  "component:rpt-ack": { reportButton: "rpt-ack" },
  "component:rpt-dismiss": { reportButton: "rpt-dismiss" },
  "component:rpt-warn": { reportButton: "rpt-warn" },
  "component:rpt-timeout": { reportButton: "rpt-timeout" },
  "component:rpt-ban": { reportButton: "rpt-ban" },
  "modal:rpt-dismiss-m": { reportButton: "rpt-dismiss", fields: { reason: "matrix" } },
  "modal:rpt-warn-m": { reportButton: "rpt-warn", fields: { reason: "matrix" } },
  "modal:rpt-timeout-m": { reportButton: "rpt-timeout", fields: { duration: "1m", reason: "matrix" } },
  "modal:rpt-ban-m": { reportButton: "rpt-ban", fields: { reason: "matrix" } },
};

/**
 * A component no command answer carries (the Appeal button of a ban DM, Accept on an appeals-channel post):
 * its custom id, made from the guild's appeal fixture and signed as Warden signs it; with `fields`, a form.
 */
export interface CraftedRecipe {
  crafted: (fixture: AppealFixture) => string;
  fields?: Record<string, string>;
}

/** A component on a message, as a member would press or choose it. */
export interface ObtainedComponent {
  messageId: string;
  customId: string;
  /** For a select: the value chosen. */
  values?: string[];
  /** For a modal: what is filled in. */
  fields?: Record<string, string>;
}

interface RawComponent {
  type?: number;
  custom_id?: string;
  disabled?: boolean;
  options?: { value: string }[];
  components?: RawComponent[];
}

/** The first enabled button or select of `prefix` on the message, if there is one. */
export function findComponent(message: SimMessage, prefix: string): ObtainedComponent | undefined {
  const queue: RawComponent[] = [...(message.components as RawComponent[])];
  while (queue.length > 0) {
    const component = queue.shift() as RawComponent;
    queue.push(...(component.components ?? []));
    if (component.disabled || !component.custom_id?.startsWith(`${prefix}:`)) continue;
    const found = { messageId: message.id, customId: component.custom_id };
    if (component.type === ComponentType.Button) return found;
    if (component.type === ComponentType.StringSelect) {
      const first = component.options?.[0]?.value;
      if (first !== undefined) return { ...found, values: [first] };
    }
  }
  return undefined;
}
