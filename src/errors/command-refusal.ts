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
    /** The command's path in its definition's names: `/case show` is ["case", "show"]. */
    readonly commandPath: readonly string[],
    values: MessageValues = {},
  ) {
    super(id, values);
  }

  override render(t: Translator): string {
    return t.t(this.identifier as MessageId, this.valuesFor(t));
  }

  /** The values in the reader's language; a subclass adds its own. */
  protected valuesFor(t: Translator): MessageValues {
    return { ...this.values, command: commandMention(t.locale, this.commandPath) };
  }

  /** The path from a label as the router writes it (`/case show`). */
  static pathOf(label: string): string[] {
    return label.replace(/^\//, "").split(" ");
  }
}
