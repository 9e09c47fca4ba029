import { spawnSync } from "node:child_process";
import path from "node:path";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { MainProcess } from "../support/main-process";
import { TcpProxy } from "../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../support/test-database";

const root = path.resolve(__dirname, "..", "..");

describe("the process keeps serving through faults nobody awaited", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let member: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild();
    member = sim.createUser({ username: "chatty" });
    guild.addMember(member.id);
  });
  afterAll(() => sim.close());

  it("messages during an outage (config cache emptied) neither crash it nor lose the counts", async () => {
    const databaseUrl = await createDatabase("survives_outage", { migrated: true });
    const { proxy, url } = await TcpProxy.forUrl(databaseUrl);
    const main = new MainProcess({
      DISCORD_TOKEN: sim.token,
      DISCORD_API_URL: sim.apiUrl,
      DATABASE_URL: url,
    });
    try {
      await main.waitForLog("Warden is running");
      await main.waitForLog("listening for notifications");
      proxy.down();
      await main.waitForLog("lost the notification connection; reconnecting");
      const channelId = guild.firstTextChannel().id;
      for (let index = 0; index < 5; index += 1)
        sim.postMessage({ channelId, userId: member.id, content: `during the outage ${index}` });
      await main.waitForLog("the database is unavailable", 1);
      expect(
        (await sim.command({ guildId: guild.id, userId: member.id, name: "ping" }).answer()).content,
      ).toMatch(/^Pong!/);
      expect(main.child.exitCode).toBeNull();

      proxy.up();
      main.child.kill("SIGTERM"); // shutdown flushes the buffered counts
      expect(await main.exited).toBe(0);
      const counted = await query(
        databaseUrl,
        "SELECT message_count::int AS messages FROM member_activity WHERE user_id = $1",
        [member.id],
      );
      expect(counted).toEqual([{ messages: 5 }]);
      const unhandled = main.stdout
        .split("\n")
        .filter(
          (line) => line.includes('"source":"unhandledRejection"') || line.includes("unhandled promise"),
        );
      expect(unhandled).toEqual([]);
      expect(main.stderr).toBe("");
    } finally {
      if (main.child.exitCode === null) main.child.kill("SIGKILL");
      await proxy.close();
      await dropDatabase("survives_outage");
    }
  });

  it("an unhandled rejection is logged with an incident id and the process goes on", () => {
    const script = `
      const { installProcessGuards } = require("./src/process-guards.ts");
      const { createLogger } = require("./src/logger.ts");
      installProcessGuards(createLogger("info"));
      Promise.reject(new Error("nobody awaited me"));
      setTimeout(() => console.log(JSON.stringify({ msg: "still here" })), 50);
    `;
    const run = spawnSync(process.execPath, ["-r", "./test/support/swc-register.js", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const logged = lines.find((line) => line.msg === "unhandled promise rejection");
    expect(logged?.incidentId).toMatch(/^[0-9a-f]{8}$/);
    expect((logged?.err as { message?: string }).message).toBe("nobody awaited me");
    expect(lines.at(-1)?.msg).toBe("still here");
  });
});

async function query(url: string, sql: string, params: unknown[]): Promise<unknown[]> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
