import { validateSync, type ValidationError as ClassValidatorError } from "class-validator";
import { passesRules } from "./compiled-rules";
import { ValidationError } from "./errors/validation-error";
import type { MessageId } from "./i18n/resources";
import type { Message, MessageValues } from "./i18n/translator";

const RULE_PREFIX = "rule:";

/**
 * A class-validator `message` that carries a message identifier instead of text: give it as
 * `{ message: rule("validation.at_most", { max: 10 }) }`; assertValid turns it back into a Message.
 */
export function rule(id: MessageId, values?: MessageValues): string {
  return RULE_PREFIX + JSON.stringify(values ? { id, values } : { id });
}

/** What a class-validator rule without a rule() message means, by its constraint type. */
const BY_CONSTRAINT: Readonly<Record<string, MessageId>> = {
  isBoolean: "validation.boolean",
  isInt: "validation.not_whole",
  isString: "validation.text",
  isNotEmpty: "validation.blank",
  isIn: "validation.not_a_choice",
  isEnum: "validation.not_a_choice",
  min: "validation.out_of_range",
  max: "validation.out_of_range",
  maxLength: "validation.too_long",
  minLength: "validation.too_short",
  isLength: "validation.bad_length",
  matches: "validation.bad_format",
  isUuid: "validation.bad_format",
};

function messageOf(constraint: string, text: string): Message {
  if (text.startsWith(RULE_PREFIX)) return JSON.parse(text.slice(RULE_PREFIX.length)) as Message;
  return { id: BY_CONSTRAINT[constraint] ?? "validation.invalid" };
}

function fieldsOf(errors: readonly ClassValidatorError[]): Record<string, Message[]> {
  return Object.fromEntries(
    errors.map((error) => [
      error.property,
      Object.entries(error.constraints ?? {}).map(([constraint, text]) => messageOf(constraint, text)),
    ]),
  );
}

/**
 * Runs an instance's class-validator rules and throws one ValidationError listing every broken rule by
 * property. `partial` skips properties that are absent (for updates). The rules are first evaluated by
 * their compiled form (passesRules); class-validator itself runs only when that cannot prove them kept,
 * so a broken rule is always reported by class-validator, as before.
 */
export function assertValid(instance: object, options: { partial?: boolean } = {}): void {
  const partial = options.partial ?? false;
  if (passesRules(instance, partial)) return;
  const errors = validateSync(instance, {
    skipUndefinedProperties: true,
    skipMissingProperties: partial,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new ValidationError(fieldsOf(errors));
}
