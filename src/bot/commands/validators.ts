import { registerDecorator, type ValidationArguments } from "class-validator";
import { ValidationError } from "../../database/errors";
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
          durationProblem(String(args?.value ?? ""), options.max) ?? "must be a duration",
      },
    });
  };
}

function durationProblem(value: string, max: number | undefined): string | undefined {
  try {
    parseDuration(value, "duration", max);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error.fields.duration?.join(", ");
    throw error;
  }
}
