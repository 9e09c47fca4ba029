import type { WardenApp } from "../../src/app";
import { DiscordSimulator } from "../../simulator";
import { startBot } from "../support/bot-harness";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_server_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** The dashboard's listener: off unless enabled, its security headers, stopped with the app. */
describe("the dashboard listener", () => {
  let sim: DiscordSimulator;
  let databaseUrl: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    databaseUrl = await createDatabase(DATABASE, { migrated: true });
  });
  afterAll(async () => {
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const dashboardEnv = {
    DASHBOARD_ENABLED: "true",
    DASHBOARD_PORT: "0",
    DASHBOARD_PUBLIC_URL: "http://127.0.0.1:1",
    DISCORD_CLIENT_ID: "123456789012345678",
    DISCORD_CLIENT_SECRET: "sim-client-secret",
  };

  it("is not started unless DASHBOARD_ENABLED is on", async () => {
    const { app } = await startBot({ sim, databaseUrl, cogs: [] });
    try {
      expect(app.dashboard.port).toBeUndefined();
    } finally {
      await app.stop();
    }
  });

  describe("when enabled", () => {
    let app: WardenApp;
    let base: string;

    beforeAll(async () => {
      ({ app } = await startBot({ sim, databaseUrl, cogs: [], env: dashboardEnv }));
      base = `http://127.0.0.1:${app.dashboard.port}`;
    });
    afterAll(() => app?.stop());

    it("serves the sign-in page with a CSP that allows no inline script and no framing", async () => {
      const response = await fetch(`${base}/`, { headers: { "accept-language": "en" } });
      expect(response.status).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const html = await response.text();
      expect(html).toContain('<a class="button" href="/auth/sign-in">Sign in with Discord</a>');
      expect(html).not.toMatch(/<script|style=/);
    });

    it("answers in the browser's language, and serves its one stylesheet", async () => {
      const german = await fetch(`${base}/`, { headers: { "accept-language": "de-DE,de;q=0.9" } });
      expect(await german.text()).toContain('<html lang="de">');
      const css = await fetch(`${base}/static/dashboard.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get("content-type")).toContain("text/css");
    });

    it("answers an unknown page with a short 404 page", async () => {
      const response = await fetch(`${base}/nowhere/../etc/passwd`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("There is nothing here.");
    });

    it("stops listening when the app stops", async () => {
      const { app: second } = await startBot({ sim, databaseUrl, cogs: [], env: dashboardEnv });
      const port = second.dashboard.port;
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
      await second.stop();
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    });
  });
});
