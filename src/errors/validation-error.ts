import type { MessageId } from "../i18n/resources";
import type { Message, MessageValues } from "../i18n/translator";

export type FieldErrors = Readonly<Record<string, readonly Message[]>>;

/** Input broke a validation rule; `fields` maps each property (or option) to the rules it broke. */
export class ValidationError extends Error {
  readonly identifier = "Validation";
  constructor(readonly fields: FieldErrors) {
    super(
      Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages.map((message) => message.id).join(", ")}`)
        .join("; ") || "invalid input",
    );
    this.name = "ValidationError";
  }
}

/** One field that broke one rule. */
export function invalid(field: string, id: MessageId, values?: MessageValues): ValidationError {
  return new ValidationError({ [field]: [values ? { id, values } : { id }] });
}
