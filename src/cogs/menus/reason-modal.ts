import {
  ActionRowBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ModalSubmitInteraction,
} from "discord.js";
import { shorten } from "../../bot/shorten";
import { modalText } from "../../bot/text-input";
import { MAX_REASON_LENGTH } from "../../entities/case";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";

/** Discord's longest modal title. */
const MAX_TITLE = 45;

/** One text field of a menu's modal, named after the slash-command option it stands for. */
export interface ModalField {
  /** The option's name (`reason`, `duration`, `note`): refusals then name it as the command does. */
  name: string;
  label: MessageId;
  long: boolean;
  maxLength: number;
  /** May be left empty (it then reads as ""). */
  optional?: boolean;
  /** Filled in when the modal opens, e.g. a default count. */
  value?: string;
}

export const REASON_FIELD: ModalField = {
  name: "reason",
  label: "menus.reason_label",
  long: true,
  maxLength: MAX_REASON_LENGTH,
};
export const NOTE_FIELD: ModalField = { ...REASON_FIELD, name: "note", label: "menus.note_label" };
export const DURATION_FIELD: ModalField = {
  name: "duration",
  label: "menus.duration_label",
  long: false,
  maxLength: 32,
};

/** The modal a menu opens, its custom id already signed (it carries the target's id). */
export function menuModal(
  customId: string,
  title: string,
  fields: readonly ModalField[],
  t: Translator,
): ModalBuilder {
  const rows = fields.map((field) => {
    const input = new TextInputBuilder()
      .setCustomId(field.name)
      .setLabel(t.t(field.label))
      .setStyle(field.long ? TextInputStyle.Paragraph : TextInputStyle.Short)
      .setRequired(field.optional !== true)
      .setMaxLength(field.maxLength);
    if (field.value !== undefined) input.setValue(field.value);
    return new ActionRowBuilder<TextInputBuilder>().addComponents(input);
  });
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(shorten(title, MAX_TITLE))
    .addComponents(...rows);
}

/** The submitted text of each field, normalised like every other input. */
export function modalFields(
  interaction: ModalSubmitInteraction,
  fields: readonly ModalField[],
): Record<string, string> {
  const read = (field: ModalField): string =>
    field.optional && !interaction.fields.fields.has(field.name) ? "" : modalText(interaction, field.name);
  return Object.fromEntries(fields.map((field) => [field.name, read(field)]));
}
