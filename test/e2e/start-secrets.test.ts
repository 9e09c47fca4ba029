import { MainProcess } from "../support/main-process";

/** `npm start` with a DATABASE_URL it cannot use: one line naming the problem, never the password. */
describe("npm start keeps DATABASE_URL's password out of its output", () => {
  it.each([
    ["a URL the driver cannot parse", "postgres://warden:S3cret-start@h1:5432,h2:5432/warden"],
    ["a port out of range", "postgres://warden:S3cret-start@127.0.0.1:99999/warden"],
    ["another scheme", "mysql://warden:S3cret-start@127.0.0.1/warden"],
    ["no // after the scheme", "postgresql:warden:S3cret-start@127.0.0.1/warden"],
  ])("with %s", async (_what, url) => {
    const main = new MainProcess({ DISCORD_TOKEN: "x", DATABASE_URL: url, HEALTH_ENABLED: "false" });
    expect(await main.exited).not.toBe(0);
    const lines = main.stderr.trim().split("\n");
    expect(lines[0]).toBe("warden: invalid configuration:");
    expect(lines[1]).toMatch(/^ {2}- DATABASE_URL must be a (postgres:\/\/|well-formed) URL/);
    expect(lines[1]).toContain(":***@");
    expect(`${main.stdout}${main.stderr}`).not.toContain("S3cret-start");
  });
});
