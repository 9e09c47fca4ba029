import type { MessageId } from "../i18n/resources";
import type { Message, MessageValues } from "../i18n/translator";

export type FieldErrors = Readonly<Record<string, readonly Message[]>>;

/** Input broke a validation rule; `fields` maps each property (or option) to the rules it broke. */
export class ValidationError extends Error {
  readonly identifier = "Validation";
  constructor(
    readonly fields: FieldErrors,
    /** When the fields are a command's options: that command's path, so replies name them as members see them. */
    readonly commandPath?: readonly string[],
  ) {
    super(
      Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages.map((message) => message.id).join(", ")}`)
        .join("; ") || "invalid input",
    );
    this.name = "ValidationError";
  }

  /** The same refusal, about the options of the command at `path`. */
  ofCommand(path: readonly string[]): ValidationError {
    return new ValidationError(this.fields, path);
  }
}

/** One field that broke one rule. */
export function invalid(field: string, id: MessageId, values?: MessageValues): ValidationError {
  return new ValidationError({ [field]: [values ? { id, values } : { id }] });
}
