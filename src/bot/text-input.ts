import type { ModalSubmitInteraction } from "discord.js";
import { invalid } from "../errors/validation-error";
import { storableText } from "../database/postgres-text";

/**
 * Text as it enters from Discord (slash-command options, modal fields, autocomplete, message content),
 * made storable in PostgreSQL: see `storableText`. Normalised once here, so nothing below meets it.
 */
export function textInput(raw: string): string {
  return storableText(raw);
}

/**
 * A named input that must keep some text: one that held nothing but U+0000 is refused with a validation
 * message naming it, rather than passed on empty.
 */
export function requiredTextInput(field: string, raw: string): string {
  const text = textInput(raw);
  if (text === "" && raw !== "") {
    throw invalid(field, "validation.no_text");
  }
  return text;
}

/** A modal's text field, normalised like every other input. */
export function modalText(interaction: ModalSubmitInteraction, customId: string): string {
  return requiredTextInput(customId, interaction.fields.getTextInputValue(customId));
}
