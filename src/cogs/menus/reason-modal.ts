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
  const rows = fields.map((field) =>
    new ActionRowBuilder<TextInputBuilder>().addComponents(
      new TextInputBuilder()
        .setCustomId(field.name)
        .setLabel(t.t(field.label))
        .setStyle(field.long ? TextInputStyle.Paragraph : TextInputStyle.Short)
        .setRequired(true)
        .setMaxLength(field.maxLength),
    ),
  );
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
  return Object.fromEntries(fields.map((field) => [field.name, modalText(interaction, field.name)]));
}
