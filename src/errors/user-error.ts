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
