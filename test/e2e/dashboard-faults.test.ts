import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import type { DashboardClient } from "../support/dashboard-client";
import { moderatorIn, startDashboard, type RunningDashboard } from "../support/dashboard-app";
import { Client } from "pg";
import { makeCase } from "../support/factories";
import { TcpProxy } from "../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_dashboard_faults_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** The database away, Discord failing: each request ends in a short page, and the next one works again. */
describe("dashboard faults", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let mod: SimUser;
  let proxy: TcpProxy;
  let dashboard: RunningDashboard;
  let browser: DashboardClient;
  let direct: string;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Faulty" });
    mod = moderatorIn(sim, guild, "mod");
    direct = await createDatabase(DATABASE, { migrated: true });
    const proxied = await TcpProxy.forUrl(direct);
    proxy = proxied.proxy;
    dashboard = await startDashboard({
      sim,
      databaseUrl: proxied.url,
      env: { DISCORD_REST_TIMEOUT_MS: "1000" },
    });
    browser = dashboard.browser();
    await browser.signIn(mod);
  });
  afterAll(async () => {
    await dashboard?.app.stop();
    await proxy?.close();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  it("answers a short 503 page while the database is away, and serves again once it is back", async () => {
    expect((await browser.get(`/guilds/${guild.id}/cases`)).status).toBe(200);
    proxy.down();
    try {
      const away = await browser.get(`/guilds/${guild.id}/cases`);
      expect(away.status).toBe(503);
      expect(away.html).toContain("The database is unavailable right now; try again shortly.");
      expect(away.html).not.toMatch(/\n\s+at |ECONNRE|postgres/i);
    } finally {
      proxy.up();
    }
    expect((await browser.get(`/guilds/${guild.id}/cases`)).status).toBe(200);
  });

  it("answers the same short 503 page on the member page and the queues, and serves them again after", async () => {
    const paths = ["members/300000000000000001", "reports", "reports/1", "appeals"].map(
      (page) => `/guilds/${guild.id}/${page}`,
    );
    proxy.down();
    try {
      for (const path of paths) {
        const away = await browser.get(path);
        expect({ path, status: away.status }).toEqual({ path, status: 503 });
        expect(away.html).toContain("The database is unavailable right now; try again shortly.");
      }
    } finally {
      proxy.up();
    }
    for (const path of paths.filter((path) => !path.endsWith("/reports/1"))) {
      expect({ path, status: (await browser.get(path)).status }).toEqual({ path, status: 200 });
    }
  });

  it("answers a short 502 page when Discord fails to say who is a member, and serves again after", async () => {
    const remove = sim.faults.inject({
      method: "GET",
      path: "/guilds/:guild/members/:user",
      status: 500,
      times: 10,
    });
    try {
      const failed = await browser.get(`/guilds/${guild.id}/cases`);
      expect(failed.status).toBe(502);
      expect(failed.html).toContain("Discord had a problem handling that; try again in a moment.");
    } finally {
      remove();
    }
    expect((await browser.get(`/guilds/${guild.id}/cases`)).status).toBe(200);
  });

  it("logs nothing as an incident for either", () => {
    expect(dashboard.logs.find((line) => line.incidentId !== undefined)).toBeUndefined();
  });

  it("ends an export the database fails in the middle of with a line saying so, logged under an incident id", async () => {
    for (let index = 1; index <= 3; index += 1) {
      await makeCase(dashboard.app.container, {
        guildId: guild.id,
        moderatorId: mod.id,
        reason: `cut ${index}`,
      });
    }
    // The first page is read before the headers; its history is read after them, behind this lock.
    const locker = new Client({ connectionString: direct });
    await locker.connect();
    try {
      for (const format of ["json", "csv"] as const) {
        await locker.query("BEGIN");
        await locker.query("LOCK TABLE case_edits IN ACCESS EXCLUSIVE MODE");
        const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
        const response = await fetch(`${browser.base}/guilds/${guild.id}/cases/export?format=${format}`, {
          headers: { cookie, "accept-language": "en" },
        });
        expect(response.status).toBe(200);
        proxy.down();
        const text = await response.text().finally(() => proxy.up());
        await locker.query("ROLLBACK");
        const marker = /This export was cut short \(incident ([\w-]+)\): the file is incomplete\./.exec(text);
        expect(marker).not.toBeNull();
        expect(
          text.trimEnd().endsWith("the file is incomplete.") || text.trimEnd().endsWith('incomplete."'),
        ).toBe(true);
        expect(text).not.toContain("cut 1");
        if (format === "json") expect(() => JSON.parse(text) as unknown).toThrow();
        const logged = dashboard.logs.find(
          (line) => line.msg === "cases export cut short" && line.incidentId === marker?.[1],
        );
        expect(logged).toBeDefined();
      }
    } finally {
      await locker.query("ROLLBACK").catch(() => undefined);
      await locker.end();
      proxy.up();
    }
  });
});
