import type { MessageId } from "../i18n/resources";
import type { Message, MessageValues, Translator } from "../i18n/translator";

/**
 * An expected failure: something the person using the bot can act on. It carries a message identifier and
 * the values its text needs; the router renders it in the member's language. Never logged as an incident.
 */
export class UserError extends Error {
  readonly identifier: string;
  constructor(
    id: MessageId,
    readonly values: MessageValues = {},
  ) {
    super(id);
    this.identifier = id;
    this.name = new.target.name;
  }

  /** What the member is told. */
  get reply(): Message {
    return { id: this.identifier as MessageId, values: this.values };
  }

  /** The reply in the member's language; a subclass whose values depend on the language overrides it. */
  render(t: Translator): string {
    return t.render(this.reply);
  }
}

/**
 * Transitional: a UserError whose text is still written where it is thrown, in English, so every language
 * shows it in English. Each is being replaced by a UserError with a message identifier.
 */
export class LegacyUserError extends UserError {
  override readonly identifier: string;
  constructor(
    identifier: string,
    text: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super("common.legacy_text", { text });
    this.identifier = identifier;
    this.message = text;
  }

  override get reply(): Message {
    return { id: "common.legacy_text", values: this.values };
  }
}
