/**
 * An expected failure: something the person using the bot can act on. It carries a stable identifier
 * (for mapping to a reply and for tests) and context, and is never logged as an incident.
 */
export class UserError extends Error {
  constructor(
    readonly identifier: string,
    message: string,
    readonly context: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
