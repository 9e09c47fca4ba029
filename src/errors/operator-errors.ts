export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** A setting that can never work as given: start-up stops with one line instead of retrying. */
export class DatabaseConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseConfigurationError";
  }
}

/** The database holds migrations this build does not know: it was upgraded by newer code. */
export class UnknownMigrationsError extends Error {
  constructor(readonly names: readonly string[]) {
    super(
      `the database has migrations this version of Warden does not know: ${names.join(", ")}. ` +
        "It was upgraded by a newer Warden; run that version, or restore a backup taken before the upgrade.",
    );
    this.name = "UnknownMigrationsError";
  }
}

/** Discord refused the token: start-up cannot go on, and the operator needs one clear line. */
export class LoginRejectedError extends Error {
  constructor(
    message = "Discord rejected DISCORD_TOKEN: check the bot token in the Discord Developer Portal.",
  ) {
    super(message);
    this.name = "LoginRejectedError";
  }
}
