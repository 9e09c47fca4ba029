import { commandMention } from "../i18n/command-text";
import type { MessageId } from "../i18n/resources";
import type { MessageValues, Translator } from "../i18n/translator";
import { UserError } from "./user-error";

/**
 * A refusal that names the command it refuses (`{command}`), as the member sees that command in their
 * language: "/cases" in English, "/fälle" in German.
 */
export class CommandRefusal extends UserError {
  constructor(
    id: MessageId,
    /**
     * The command's path in its definition's names (`/case show` is ["case", "show"]), or what is refused
     * already in the member's words ("the tag `rules`").
     */
    readonly subject: readonly string[] | string,
    values: MessageValues = {},
  ) {
    super(id, values);
  }

  override render(t: Translator): string {
    return t.t(this.identifier as MessageId, this.valuesFor(t));
  }

  /** The values in the reader's language; a subclass adds its own. */
  protected valuesFor(t: Translator): MessageValues {
    const command =
      typeof this.subject === "string" ? this.subject : commandMention(t.commandLocale, this.subject);
    return { ...this.values, command };
  }

  /** The subject of a label as the router writes it (`/case show`), or the label itself when in words. */
  static pathOf(label: string): readonly string[] | string {
    return label.startsWith("/") ? label.slice(1).split(" ") : label;
  }
}
