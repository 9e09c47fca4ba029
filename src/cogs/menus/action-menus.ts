import { PermissionFlagsBits } from "discord.js";
import type { OptionParsers } from "../../bot/commands/registration";
import type { UserMenuDefinition } from "../../bot/commands/menu";
import { durationOption, MAX_TIMEOUT_MS } from "../../bot/duration";
import type { MessageId } from "../../i18n/resources";
import { NoteArgs, ReasonArgs } from "../moderation/arguments";
import { noteSpec, timeoutSpec, warnSpec, type ActionSpec } from "../moderation/member-actions";
import { NoteMenu, TimeoutMenu, WarnMenu } from "./definitions";
import { DURATION_FIELD, NOTE_FIELD, REASON_FIELD, type ModalField } from "./reason-modal";

/**
 * A member menu that acts like a slash command: it opens a modal for what the command's options would
 * hold, and the submitted modal runs the command's own validation and action.
 */
export interface ActionMenu {
  definition: UserMenuDefinition;
  /** The slash command it stands for: its permission check runs again on submit, its options name the fields. */
  command: "warn" | "note" | "timeout";
  /** The modal's custom id prefix. */
  prefix: string;
  title: MessageId;
  fields: readonly ModalField[];
  needsMember: boolean;
  botPermissions?: bigint;
  /** The slash command's own parsers and DTO. */
  validation: { parse?: OptionParsers; dto: new () => object };
  spec(values: Record<string, unknown>): ActionSpec;
}

const text = (values: Record<string, unknown>, name: string): string => String(values[name] ?? "");

export const ACTION_MENUS: readonly ActionMenu[] = [
  {
    definition: WarnMenu,
    command: "warn",
    prefix: "menu-warn",
    title: "menus.warn_title",
    fields: [REASON_FIELD],
    needsMember: true,
    validation: { dto: ReasonArgs },
    spec: (values) => warnSpec(text(values, "reason")),
  },
  {
    definition: NoteMenu,
    command: "note",
    prefix: "menu-note",
    title: "menus.note_title",
    fields: [NOTE_FIELD],
    needsMember: false,
    validation: { dto: NoteArgs },
    spec: (values) => noteSpec(text(values, "note")),
  },
  {
    definition: TimeoutMenu,
    command: "timeout",
    prefix: "menu-timeout",
    title: "menus.timeout_title",
    fields: [DURATION_FIELD, REASON_FIELD],
    needsMember: true,
    botPermissions: PermissionFlagsBits.ModerateMembers,
    validation: { dto: ReasonArgs, parse: { duration: durationOption(MAX_TIMEOUT_MS) } },
    spec: (values) => timeoutSpec(Number(values.duration), text(values, "reason")),
  },
];
