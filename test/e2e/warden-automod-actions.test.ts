import { Client } from "pg";
import type { WardenApp } from "../../src/app";
import { AutomodCog } from "../../src/cogs/automod/automod-cog";
import { PendingActions } from "../../src/cogs/moderation/pending-actions";
import { AutomodController } from "../../src/controllers/automod-controller";
import { AppealSettingsController } from "../../src/controllers/appeal-settings-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { UserPreferenceController } from "../../src/controllers/user-preference-controller";
import {
  DiscordSimulator,
  type SimChannel,
  type SimGuild,
  type SimMessage,
  type SimUser,
} from "../../simulator";
import { startBot, type CapturedLogs } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { TcpProxy } from "../support/tcp-proxy";
import { createDatabase, dropDatabase } from "../support/test-database";
import { findCustomId } from "../support/components";

const DATABASE = `warden_e2e_automod_actions_w${process.env.JEST_WORKER_ID ?? "0"}`;
const DELETE = "/channels/:channel/messages/:message";

jest.setTimeout(90_000);

interface CaseRow {
  type: string;
  pending: boolean;
  voided: boolean;
  reason: string;
}

/** A barrier: Discord's answer is held until the test has done what it must in between. */
function barrier(): { hold: () => Promise<void>; arrived: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  let arrive = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  return { hold: () => (arrive(), gate), arrived, release };
}

/** The first action-row component whose custom_id starts with `prefix:`, if any. */
/**
 * Automod's timeouts and bans take the moderation commands' path: a pending case first, the member told by
 * DM, Discord asked, the case settled. Never an action without its case, never a case claiming an action
 * that did not happen, whatever the database or Discord does meanwhile.
 */
describe("Warden's automod actions: case first, then Discord", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let logs: CapturedLogs;
  let proxy: TcpProxy;
  let direct: Client;
  let guild: SimGuild;
  let chat: SimChannel;
  let names = 0;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Actions" });
    chat = guild.firstTextChannel();
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    const proxied = await TcpProxy.forUrl(databaseUrl);
    proxy = proxied.proxy;
    direct = new Client({ connectionString: databaseUrl });
    direct.on("error", () => undefined);
    await direct.connect();
    ({ app, logs } = await startBot({
      sim,
      databaseUrl: proxied.url,
      cogs: [AutomodCog],
      // Every read of the guild's config goes to the database: the stall below would hold any that waits.
      env: {
        PRIVILEGED_INTENTS: "true",
        DB_RETRY_MAX_MS: "200",
        GUILD_CONFIG_CACHE_MS: "0",
      },
    }));
    const command = (subcommand: string, options: Record<string, string | boolean>) =>
      sim
        .command({ guildId: guild.id, userId: guild.ownerId, name: "automod", subcommand, options })
        .answer();
    await command("block", { text: "scam" });
    await command("rule", { rule: "words", enabled: true, actions: "delete,timeout", timeout: "10m" });
    await command("rule", { rule: "invites", enabled: true, actions: "delete,ban" });
  });

  afterAll(async () => {
    proxy?.up();
    await direct?.query("ROLLBACK").catch(() => undefined);
    await app?.stop();
    await direct?.end();
    await proxy?.close();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => {
    proxy.up();
    sim.faults.clear();
  });

  const member = (init: { dmsClosed?: boolean; roles?: string[] } = {}): SimUser => {
    const user = sim.createUser({ username: `member${(names += 1)}`, dmsClosed: init.dmsClosed ?? false });
    guild.addMember(user.id, { roles: init.roles ?? [] });
    return user;
  };
  const post = (user: SimUser, content: string): SimMessage =>
    sim.postMessage({ channelId: chat.id, userId: user.id, content });
  const deleted = (message: SimMessage) =>
    sim.requests.filter("DELETE", DELETE).some((request) => request.path.endsWith(`/${message.id}`));
  const casesOf = async (user: SimUser): Promise<CaseRow[]> =>
    (
      await direct.query<CaseRow>(
        "SELECT type, pending, voided, reason FROM cases WHERE target_id = $1 ORDER BY number",
        [user.id],
      )
    ).rows;
  const settledCase = async (user: SimUser): Promise<CaseRow> => {
    await eventuallyAsync(
      async () => (await casesOf(user)).some((kase) => !kase.pending),
      20_000,
      "a settled case",
    );
    const [kase, ...more] = await casesOf(user);
    expect(more).toEqual([]);
    return kase as CaseRow;
  };
  const memberRequests = (user: SimUser) => [
    ...sim.requests.filter("PATCH", `/guilds/${guild.id}/members/${user.id}`),
    ...sim.requests.filter("PUT", `/guilds/${guild.id}/bans/${user.id}`),
  ];

  it("tells the member by DM first, in their language, a ban with the Appeal button; closed DMs change nothing", async () => {
    const appeals = guild.createChannel({ name: "appeals" });
    await app.container.resolve(AppealSettingsController).setChannel(guild.id, appeals.id);
    const spanish = member();
    await app.container.resolve(UserPreferenceController).change(spanish.id, { language: "es-ES" });
    post(spanish, "a scam");
    expect(await settledCase(spanish)).toMatchObject({ type: "timeout", pending: false, voided: false });
    expect(sim.dmsTo(spanish.id).at(-1)?.content).toMatch(/^Te han aislado en \*\*Actions\*\*/);
    expect(guild.members.get(spanish.id)?.communicationDisabledUntil).not.toBeNull();

    const raider = member();
    post(raider, "join discord.gg/elsewhere");
    expect(await settledCase(raider)).toMatchObject({ type: "ban", pending: false, voided: false });
    const dm = sim.dmsTo(raider.id).at(-1);
    expect(dm?.content).toMatch(/^You have been banned from \*\*Actions\*\*/);
    expect(findCustomId(dm, "appeal")).toBeDefined();
    const [told] = sim.requests.filter("POST", "/channels/:channel/messages").filter((request) => {
      return request.path.includes(sim.dmChannelWith(raider.id).id);
    });
    const [banned] = sim.requests.filter("PUT", `/guilds/${guild.id}/bans/${raider.id}`);
    expect(told && banned && told.at < banned.at).toBe(true);

    const closed = member({ dmsClosed: true });
    post(closed, "discord.gg/elsewhere");
    expect(await settledCase(closed)).toMatchObject({ type: "ban", pending: false, voided: false });
    expect(guild.bans.has(closed.id)).toBe(true);
    expect(logs.find((line) => line.msg === "the member's DMs are closed")).toBeDefined();
    await app.container.resolve(AppealSettingsController).setChannel(guild.id, null);
  });

  it("with the database down when a rule fires: the message goes, no timeout or ban is taken, logged under an incident id", async () => {
    const warmed = member();
    post(warmed, "a scam"); // the rules and the moderator roles are read while the database is up
    await settledCase(warmed);
    const spammer = member();
    proxy.down();
    const during = post(spammer, "another scam");
    await eventually(() => deleted(during), 10_000, "the delete while the database is down");
    await eventually(
      () =>
        logs.find((line) => line.userId === spammer.id && typeof line.incidentId === "string") !== undefined,
      10_000,
      "the log line",
    );
    expect(logs.find((line) => line.userId === spammer.id)?.msg).toBe(
      "automod could not record its case: no timeout or ban was taken",
    );
    proxy.up();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(memberRequests(spammer)).toEqual([]);
    expect(await casesOf(spammer)).toEqual([]);
  });

  it("with the database gone after Discord acted: the case stays pending, then is confirmed once it is back", async () => {
    const raider = member();
    const held = barrier();
    sim.faults.inject({
      method: "PUT",
      path: `/guilds/${guild.id}/bans/${raider.id}`,
      hold: held.hold,
      times: 1,
    });
    post(raider, "discord.gg/elsewhere");
    await held.arrived;
    expect(guild.bans.has(raider.id)).toBe(true);
    expect(await casesOf(raider)).toMatchObject([{ type: "ban", pending: true, voided: false }]);
    proxy.down();
    held.release();
    await eventually(
      () =>
        logs.find(
          (line) =>
            line.caseId !== undefined &&
            line.msg === "confirming an automod case: not yet, retrying in the background",
        ) !== undefined,
      10_000,
      "the failed confirmation",
    );
    expect((await casesOf(raider))[0]?.pending).toBe(true);
    proxy.up();
    expect(await settledCase(raider)).toMatchObject({ type: "ban", pending: false, voided: false });
  });

  it("when Discord fails and cannot tell what happened, the case waits for the reconciler, which settles it from Discord's state", async () => {
    const raider = member();
    sim.faults.inject({ method: "PUT", path: `/guilds/${guild.id}/bans/${raider.id}`, status: 500 });
    sim.faults.inject({ method: "GET", path: `/guilds/${guild.id}/bans/${raider.id}`, status: 500 });
    post(raider, "discord.gg/elsewhere");
    await eventually(
      () =>
        logs.find((line) => line.msg === "whether automod's action was carried out is unknown yet") !==
        undefined,
      20_000,
      "the unknown outcome",
    );
    expect(await casesOf(raider)).toMatchObject([{ type: "ban", pending: true, voided: false }]);
    sim.faults.clear();
    const client = app.bot.client;
    if (!client.isReady()) throw new Error("the client is not ready");
    const settled = await app.container.resolve(PendingActions).reconcile(client, 0);
    expect(settled).toBeGreaterThanOrEqual(1);
    expect(await casesOf(raider)).toMatchObject([{ type: "ban", pending: false, voided: true }]);
    expect(guild.bans.has(raider.id)).toBe(false);
  });

  it("a stalled database never holds back the delete, even when the rules must be read again", async () => {
    const warmed = member();
    post(warmed, "a scam");
    await settledCase(warmed);
    await direct.query("BEGIN");
    await direct.query("LOCK TABLE automod_rules IN ACCESS EXCLUSIVE MODE");
    try {
      app.container.resolve(AutomodController).invalidate(guild.id); // as when a change is heard
      const started = Date.now();
      const stalled = post(member(), "scam while the rules cannot be read");
      await eventually(() => deleted(stalled), 5_000, "the delete while the rules cannot be read");
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await direct.query("COMMIT");
    }
  });

  it("a stalled database never holds back the delete; moderator roles read before still exempt", async () => {
    const modRole = guild.createRole({ name: "Helpers", position: 1 });
    await app.container.resolve(GuildConfigController).addModeratorRole(guild.id, modRole.id);
    const helper = member({ roles: [modRole.id] });
    const exempt = post(helper, "scam talk, as a helper");
    const plain = member();
    post(plain, "a scam");
    await settledCase(plain); // the helper's message, checked first, read the moderator roles by now
    expect(deleted(exempt)).toBe(false);

    await direct.query("BEGIN");
    await direct.query("LOCK TABLE guild_configs IN ACCESS EXCLUSIVE MODE");
    try {
      const started = Date.now();
      const stalled = post(member(), "scam while stalled");
      const helpers = post(helper, "scam while stalled, as a helper");
      await eventually(() => deleted(stalled), 5_000, "the delete while the config cannot be read");
      expect(Date.now() - started).toBeLessThan(5_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(deleted(helpers)).toBe(false);
    } finally {
      await direct.query("COMMIT");
    }
  });
});
