import { registerDecorator, type ValidationArguments } from "class-validator";
import { ValidationError } from "../../errors/validation-error";
import { rule } from "../../validation";
import { parseDuration } from "../duration";

/**
 * The option must be a duration such as `10m`, `1h30m` or `7d`, at most `max` milliseconds. The message
 * says which rule it broke (format, zero, or too long), as `parseDuration` does.
 */
export function IsDuration(options: { max?: number } = {}) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: "isDuration",
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) =>
          typeof value === "string" && durationProblem(value, options.max) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          durationProblem(String(args?.value ?? ""), options.max) ?? rule("validation.duration_format"),
      },
    });
  };
}

function durationProblem(value: string, max: number | undefined): string | undefined {
  try {
    parseDuration(value, "duration", max);
    return undefined;
  } catch (error) {
    const broken = error instanceof ValidationError ? error.fields.duration?.[0] : undefined;
    if (broken) return rule(broken.id, broken.values);
    throw error;
  }
}
