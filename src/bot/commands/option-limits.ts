import { ApplicationCommandOptionType } from "discord.js";
import { ValidationError } from "../../database/errors";
import type { CommandOptionDefinition } from "./definition";

const count = (n: number): string => n.toLocaleString("en-US");

function refuse(definition: CommandOptionDefinition, rule: string): never {
  throw new ValidationError({ [definition.name]: [rule] });
}

/**
 * Discord enforces what an option declares (required, integer, min/max, lengths, choices) for its own
 * clients; a payload that breaks it anyway is refused here by name, before a handler echoes, stores or
 * does arithmetic on it. Lengths count code points.
 */
export function checkDeclaredLimits(definition: CommandOptionDefinition, value: unknown): void {
  if (value === undefined) {
    if ("required" in definition && definition.required) refuse(definition, "is required");
    return;
  }
  if ("choices" in definition && definition.choices && definition.choices.length > 0) {
    if (!definition.choices.some((choice) => choice.value === value))
      refuse(definition, "is not one of the choices");
  }
  if (definition.type === ApplicationCommandOptionType.String && typeof value === "string") {
    const length = [...value].length;
    if (definition.max_length !== undefined && length > definition.max_length)
      refuse(definition, `must be at most ${count(definition.max_length)} characters`);
    if (definition.min_length !== undefined && length < definition.min_length)
      refuse(definition, `must be at least ${count(definition.min_length)} characters`);
  }
  const numeric =
    definition.type === ApplicationCommandOptionType.Integer ||
    definition.type === ApplicationCommandOptionType.Number;
  if (!numeric) return;
  if (typeof value !== "number" || !Number.isFinite(value)) refuse(definition, "must be a number");
  if (definition.type === ApplicationCommandOptionType.Integer && !Number.isSafeInteger(value))
    refuse(definition, "must be a whole number");
  if (definition.min_value !== undefined && value < definition.min_value)
    refuse(definition, `must be at least ${count(definition.min_value)}`);
  if (definition.max_value !== undefined && value > definition.max_value)
    refuse(definition, `must be at most ${count(definition.max_value)}`);
}
