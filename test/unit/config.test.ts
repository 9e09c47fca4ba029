import { createClient } from "../../src/bot/client-factory";
import { loadConfig } from "../../src/config";
import { ConfigError } from "../../src/errors/operator-errors";

describe("loadConfig", () => {
  it("applies documented defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATA_DIR: "./data",
      DB_POOL_MAX: 20,
      DB_POOL_MIN: 4,
      DB_POOL_IDLE_MS: 600000,
      DB_STATEMENT_TIMEOUT_MS: 15000,
      LOG_LEVEL: "info",
      OWNER_IDS: [],
      DISCORD_REST_TIMEOUT_MS: 15000,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("refuses a DB_POOL_MIN above DB_POOL_MAX, and an idle time Node's timers cannot hold", () => {
    expect(() => loadConfig({ DB_POOL_MIN: "8", DB_POOL_MAX: "5" })).toThrow(
      /DB_POOL_MIN must be at most DB_POOL_MAX \(got 8 and 5\)/,
    );
    expect(() => loadConfig({ DB_POOL_IDLE_MS: "2147483648" })).toThrow(/DB_POOL_IDLE_MS/);
    // The default minimum is no mistake beside a small pool: the pool options cap it at DB_POOL_MAX.
    expect(loadConfig({ DB_POOL_MAX: "1" })).toMatchObject({ DB_POOL_MIN: 4, DB_POOL_MAX: 1 });
    expect(loadConfig({ DB_POOL_IDLE_MS: "0" }).DB_POOL_IDLE_MS).toBe(0);
  });

  it("passes DISCORD_REST_TIMEOUT_MS to discord.js's REST client", () => {
    const client = createClient(loadConfig({ DISCORD_REST_TIMEOUT_MS: "1500" }), [], {});
    expect(client.rest.options.timeout).toBe(1500);
    void client.destroy();
  });

  it("parses numbers and lists, treating empty strings as unset", () => {
    const config = loadConfig({
      DB_POOL_MAX: "25",
      OWNER_IDS: "123456789012345678, 876543210987654321",
      SHARD_COUNT: "4",
      SHARD_IDS: "0,2",
      DATABASE_URL: "",
    });
    expect(config.DB_POOL_MAX).toBe(25);
    expect(config.OWNER_IDS).toEqual(["123456789012345678", "876543210987654321"]);
    expect(config.SHARD_IDS).toEqual([0, 2]);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("names every bad variable with what it must be", () => {
    let error: unknown;
    try {
      loadConfig({ DB_POOL_MAX: "lots", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud", OWNER_IDS: "bob" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    expect(problems).toMatch(/DB_POOL_MAX/);
    expect(problems).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/OWNER_IDS must list Discord user ids/);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it.each([
    [
      "mysql://warden:s3cretPW@host/db",
      'DATABASE_URL must be a postgres:// URL (got "mysql://warden:***@host/db")',
    ],
    [
      "postgresql:warden:s3cretPW@host/db",
      'DATABASE_URL must be a postgres:// URL (got "postgresql:warden:***@host/db")',
    ],
    [
      "postgres://warden:s3cretPW@h1:5432,h2:5432/db",
      'DATABASE_URL must be a well-formed URL (percent-encode special characters) (got "postgres://warden:***@h1:5432,h2:5432/db")',
    ],
    [
      "postgres://warden:s3cretPW@host:99999/db",
      'DATABASE_URL must be a well-formed URL (percent-encode special characters) (got "postgres://warden:***@host:99999/db")',
    ],
  ])("quotes a bad DATABASE_URL (%s) without its password", (value, problem) => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([problem]);
    expect((error as ConfigError).message).not.toContain("s3cretPW");
  });

  it.each([
    "postgres://warden:p%40ss%20word@db:5432/warden",
    "postgres://warden:secret@/warden?host=/var/run/postgresql",
  ])("accepts what the driver accepts: %s", (url) => {
    expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it("reads DATABASE_REPLICA_URLS as a list, and names each bad one on a line of its own without its password", () => {
    expect(loadConfig({}).DATABASE_REPLICA_URLS).toEqual([]);
    expect(
      loadConfig({ DATABASE_REPLICA_URLS: " postgres://r1/warden , postgresql://r2:5433/warden," })
        .DATABASE_REPLICA_URLS,
    ).toEqual(["postgres://r1/warden", "postgresql://r2:5433/warden"]);
    let error: unknown;
    try {
      loadConfig({
        DATABASE_REPLICA_URLS:
          "postgres://ok/warden,mysql://u:s3cretPW@r1/db,postgres://u:s3cretPW@r2:99999/db",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'DATABASE_REPLICA_URLS must list postgres:// URLs separated by commas (got "mysql://u:***@r1/db")',
      'DATABASE_REPLICA_URLS must list postgres:// URLs separated by commas (got "postgres://u:***@r2:99999/db")',
    ]);
    expect((error as ConfigError).message).not.toContain("s3cretPW");
  });

  describe("the dashboard settings", () => {
    const problemsOf = (env: Record<string, string>): string[] => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return [...error.problems];
        throw error;
      }
    };
    const complete = {
      DASHBOARD_ENABLED: "true",
      DASHBOARD_PUBLIC_URL: "https://warden.example.org",
      DISCORD_CLIENT_ID: "123456789012345678",
      DISCORD_CLIENT_SECRET: "a-client-secret-value",
    };

    it("are off by default, on 127.0.0.1, and need nothing else while off", () => {
      expect(loadConfig({})).toMatchObject({ DASHBOARD_ENABLED: false, DASHBOARD_HOST: "127.0.0.1" });
      expect(loadConfig({ ...complete, DASHBOARD_PORT: "0" })).toMatchObject({
        DASHBOARD_ENABLED: true,
        DASHBOARD_PORT: 0,
      });
    });

    it("refuse to turn the dashboard on without the client id, secret and public URL, one line each", () => {
      const problems = problemsOf({ DASHBOARD_ENABLED: "on" });
      expect(problems).toHaveLength(3);
      expect(problems.join("\n")).toMatch(/DASHBOARD_PUBLIC_URL must be the dashboard's origin.*got nothing/);
      expect(problems.join("\n")).toMatch(/DISCORD_CLIENT_ID must be the application's id.*got nothing/);
      expect(problems.join("\n")).toMatch(/DISCORD_CLIENT_SECRET must be .*got nothing/);
    });

    it("name a bad value, and never show the client secret", () => {
      const problems = problemsOf({
        ...complete,
        DASHBOARD_PUBLIC_URL: "warden.example.org/dash",
        DISCORD_CLIENT_ID: "me",
        DASHBOARD_PORT: "99999",
      });
      expect(problems).toHaveLength(3);
      expect(problems.join("\n")).toMatch(/DASHBOARD_PUBLIC_URL .*"warden.example.org\/dash"/);
      expect(problems.join("\n")).toMatch(/DISCORD_CLIENT_ID .*"me"/);
      expect(problems.join("\n")).toMatch(/DASHBOARD_PORT/);
      expect(problems.join("\n")).not.toContain(complete.DISCORD_CLIENT_SECRET);
      expect(problemsOf({ ...complete, DISCORD_CLIENT_SECRET: " " })).toEqual([
        expect.stringMatching(/^DISCORD_CLIENT_SECRET must be .*got nothing/),
      ]);
    });
  });
});
