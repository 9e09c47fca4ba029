import { validateSync } from "class-validator";
import { ValidationError } from "./database/errors";

/**
 * Runs an instance's class-validator rules and throws one ValidationError listing every broken rule by
 * property. `partial` skips properties that are absent (for updates).
 */
export function assertValid(instance: object, options: { partial?: boolean } = {}): void {
  const errors = validateSync(instance, {
    skipUndefinedProperties: true,
    skipMissingProperties: options.partial ?? false,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    throw new ValidationError(
      Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})])),
    );
  }
}
