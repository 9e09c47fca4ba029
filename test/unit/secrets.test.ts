import { Writable } from "node:stream";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/logger";
import { redactSecrets, redactUrl, rememberSecret } from "../../src/secrets";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger("info", stream), lines };
}

describe("redactSecrets", () => {
  it.each([
    ["postgres://warden:s3cret-PW@db.example:5432/warden", "postgres://warden:***@db.example:5432/warden"],
    ["postgresql://warden:p@ss@word@10.0.0.5/warden", "postgresql://warden:***@10.0.0.5/warden"],
    ["failed: postgres://u:%40pw%2F@h/d, retrying", "failed: postgres://u:***@h/d, retrying"],
    ['{"url":"postgres://warden:s3cret@h:1/d"}', '{"url":"postgres://warden:***@h:1/d"}'],
    ["postgres://h/d?sslmode=require&password=s3cret", "postgres://h/d?sslmode=require&password=***"],
  ])("hides the password in %s", (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each([
    "postgres://warden@db.example:5432/warden",
    "http://127.0.0.1:9464/metrics",
    "user 123456789012345678 ran /warn at 10:53",
  ])("leaves %s alone", (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it("hides a Discord token and any remembered secret, also as it appears inside JSON", () => {
    const token = `${"M".repeat(24)}.${"G".repeat(6)}.${"x".repeat(38)}`;
    expect(redactSecrets(`login with ${token} failed`)).toBe("login with *** failed");
    rememberSecret('pa"ss\\word-1');
    expect(redactSecrets(JSON.stringify({ password: 'pa"ss\\word-1' }))).toBe('{"password":"***"}');
  });
});

describe("redactUrl", () => {
  it.each([
    ["postgresql:warden:s3cretPW@host/db", "postgresql:warden:***@host/db"],
    ["postgres://warden:s3cretPW@ho st/db", "postgres://warden:***@ho st/db"],
    ["mysql://warden:s3cretPW@host/db", "mysql://warden:***@host/db"],
    ["postgres://warden@host/db", "postgres://warden@host/db"],
  ])("shows %s as %s, even when it is not a well-formed URL", (value, shown) => {
    expect(redactUrl(value)).toBe(shown);
  });
});

describe("every log line", () => {
  it("hides URL passwords and the configured token, wherever they sit in the line", () => {
    const token = "a-simulator-token-that-is-not-shaped-like-discord";
    loadConfig({ DISCORD_TOKEN: token, DATABASE_URL: "postgres://warden:Opaque%2Fpw42@db:5432/warden" });
    const { logger, lines } = capture();
    const error = Object.assign(
      new Error("could not connect to postgres://warden:Opaque%2Fpw42@db:5432/warden"),
      {
        input: "postgres://warden:Opaque%2Fpw42@db:5432/warden",
      },
    );
    logger.error({ err: error, token }, "start-up failed");
    logger.info(`decoded password Opaque/pw42 and token ${token}`);
    const text = lines.join("");
    expect(text).not.toMatch(/Opaque|pw42|a-simulator-token/);
    expect(text).toContain("postgres://warden:***@db:5432/warden");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1] ?? "{}")).toMatchObject({ msg: "decoded password *** and token ***" });
  });
});
