import { CaseType } from "../../../src/entities";
import type { ActionRow } from "./rows";
import { moderation, timedOut } from "./moderation-rows";

/**
 * The member menus' forms: each sends what its slash command would, so each runs that command's row
 * (same steps, statements and invariants) from the form a menu opened.
 */
export const MENU_ROWS: readonly ActionRow[] = [
  moderation({
    name: "menu warn",
    command: "warn",
    menu: { name: "Warn", prefix: "menu-warn" },
    type: CaseType.Warn,
    steps: ["dm", "modlog"],
    done: /^Warned \*\*/,
    options: () => ({ reason: "matrix" }),
  }),
  moderation({
    name: "menu note",
    command: "note",
    menu: { name: "Note", prefix: "menu-note" },
    type: CaseType.Note,
    steps: ["modlog"],
    done: /^Noted on \*\*/,
    options: () => ({ note: "matrix" }),
  }),
  moderation({
    name: "menu timeout",
    command: "timeout",
    menu: { name: "Timeout", prefix: "menu-timeout" },
    type: CaseType.Timeout,
    steps: ["dm", "act", "modlog"],
    done: /^Timed out \*\*/,
    options: () => ({ duration: "1h", reason: "matrix" }),
    effect: timedOut,
  }),
];
