/** A mistake in what the user typed: shown as one line, never as a stack trace. */
export class SandboxInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxInputError";
  }
}

/** The message of anything thrown, on one line (errors from another realm included). */
export function oneLine(error: unknown): string {
  const message =
    typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
      ? error.message
      : String(error);
  return message.replace(/\s*\n\s*/g, " ").trim();
}
