import { OptionType } from "../discord-enums";
import { invalid } from "../../errors/validation-error";
import type { MessageId } from "../../i18n/resources";
import type { MessageValues } from "../../i18n/translator";
import type { CommandOptionDefinition } from "./definition";

function refuse(definition: CommandOptionDefinition, rule: MessageId, values?: MessageValues): never {
  throw invalid(definition.name, rule, values);
}

/**
 * Discord enforces what an option declares (required, integer, min/max, lengths, choices) for its own
 * clients; a payload that breaks it anyway is refused here by name, before a handler echoes, stores or
 * does arithmetic on it. Lengths count code points.
 */
export function checkDeclaredLimits(definition: CommandOptionDefinition, value: unknown): void {
  if (value === undefined) {
    if ("required" in definition && definition.required) refuse(definition, "validation.required");
    return;
  }
  if ("choices" in definition && definition.choices && definition.choices.length > 0) {
    if (!definition.choices.some((choice) => choice.value === value))
      refuse(definition, "validation.not_a_choice");
  }
  if (definition.type === OptionType.String && typeof value === "string") {
    const length = [...value].length;
    if (definition.max_length !== undefined && length > definition.max_length)
      refuse(definition, "validation.too_many_chars", { max: definition.max_length });
    if (definition.min_length !== undefined && length < definition.min_length)
      refuse(definition, "validation.too_few_chars", { min: definition.min_length });
  }
  const numeric = definition.type === OptionType.Integer || definition.type === OptionType.Number;
  if (!numeric) return;
  if (typeof value !== "number" || !Number.isFinite(value)) refuse(definition, "validation.not_a_number");
  if (definition.type === OptionType.Integer && !Number.isSafeInteger(value))
    refuse(definition, "validation.not_whole");
  if (definition.min_value !== undefined && value < definition.min_value)
    refuse(definition, "validation.at_least", { min: definition.min_value });
  if (definition.max_value !== undefined && value > definition.max_value)
    refuse(definition, "validation.at_most", { max: definition.max_value });
}
