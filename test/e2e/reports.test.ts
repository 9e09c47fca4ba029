import { ApplicationCommandType, PermissionFlagsBits, type Client, type GuildChannel } from "discord.js";
import type { WardenApp } from "../../src/app";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { ReportsCog } from "../../src/cogs/reports/reports-cog";
import { PendingActions } from "../../src/cogs/moderation/pending-actions";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { REPORT_LIMIT, ReportController } from "../../src/controllers/report-controller";
import { CaseType } from "../../src/entities";
import type { Report } from "../../src/entities/report";
import {
  DiscordSimulator,
  type SimChannel,
  type SimGuild,
  type SimMessage,
  type SimUser,
} from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_reports_w${process.env.JEST_WORKER_ID ?? "0"}`;

jest.setTimeout(60_000);

describe("member reports end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let guild: SimGuild;
  let mod: SimUser;
  let mod2: SimUser;
  let queue: SimChannel;
  let reports: ReportController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Reports Guild" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions:
        PermissionFlagsBits.ModerateMembers |
        PermissionFlagsBits.BanMembers |
        PermissionFlagsBits.ManageGuild,
    });
    mod = member("mod", [mods.id]);
    mod2 = member("mod2", [mods.id]);
    queue = guild.createChannel({ name: "reports" });
    ({ app } = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, CasesCog, ReportsCog],
    }));
    reports = app.container.resolve(ReportController);
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  function member(name: string, roles: string[] = [], options: { dmsClosed?: boolean } = {}): SimUser {
    const user = sim.createUser({ username: name, ...options });
    guild.addMember(user.id, { roles });
    return user;
  }
  type Options = Record<string, string | number | boolean>;
  const run = (userId: string, name: string, options: Options = {}, subcommand?: string) =>
    sim.command({ guildId: guild.id, userId, name, options, ...(subcommand ? { subcommand } : {}) }).answer();
  const report = (reporter: SimUser, target: SimUser, reason = "spamming", extra: Options = {}) =>
    run(reporter.id, "report", { user: target.id, reason, ...extra });
  const setChannel = (channel: SimChannel) =>
    run(mod.id, "reports", { channel: channel.id }, "channel").then((reply) => reply.content);
  const newest = async (): Promise<Report> => (await reports.page(guild.id, null, null, 1))[0]!;
  const postOf = (id: number): SimMessage | undefined =>
    queue.messages.find((message) => message.embeds[0]?.title === `Report #${id}`);
  function buttonOf(id: number, label: string): string {
    const row = postOf(id)?.components[0] as
      { components?: { label?: string; custom_id?: string }[] } | undefined;
    const button = row?.components?.find((component) => component.label === label);
    if (!button?.custom_id) throw new Error(`report #${id} has no ${label} button`);
    return button.custom_id;
  }
  const press = (userId: string, id: number, label: string) =>
    sim.button({
      guildId: guild.id,
      userId,
      channelId: queue.id,
      messageId: postOf(id)!.id,
      customId: buttonOf(id, label),
    });
  const submit = (userId: string, customId: string, fields: Record<string, string>) =>
    sim.modalSubmit({ guildId: guild.id, userId, channelId: queue.id, customId, fields });
  async function modalOf(userId: string, id: number, label: string): Promise<string> {
    const opened = await press(userId, id, label).answer();
    if (!opened.modal) throw new Error(`${label} answered without a modal: ${opened.content}`);
    return opened.modal.custom_id;
  }
  const statusField = (id: number) =>
    postOf(id)?.embeds[0]?.fields?.find((field) => field.name === "Status")?.value;

  it("registers /report, /reports and the Report message menu for the right people", () => {
    const commands = sim.registeredCommands();
    const menu = commands.find((c) => c.type === ApplicationCommandType.Message && c.name === "Report");
    expect(menu?.default_member_permissions ?? null).toBeNull();
    expect(commands.find((c) => c.name === "report")?.default_member_permissions ?? null).toBeNull();
    // Its subcommands need different permissions (channel: Manage Server; the rest: Timeout Members or
    // a moderator role), which one Discord default cannot say: each is checked when it runs.
    expect(commands.find((c) => c.name === "reports")?.default_member_permissions ?? null).toBeNull();
  });

  it("says reports are not set up until a moderator chooses a channel", async () => {
    const alice = member("alice-unset");
    const bob = member("bob-unset");
    expect((await report(alice, bob)).content).toMatch(/not set up here/);
    expect(await reports.page(guild.id, null, null, 10)).toEqual([]);
    expect(await setChannel(queue)).toBe(`Reports will be posted to <#${queue.id}>.`);
  });

  it("/reports channel needs Manage Server: a moderator role or Timeout Members alone is refused", async () => {
    const helpers = guild.createRole({ name: "Helpers", position: 2 });
    const timeouts = guild.createRole({
      name: "Timeouts",
      position: 3,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    const managers = guild.createRole({
      name: "Managers",
      position: 4,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    await app.container.resolve(GuildConfigController).addModeratorRole(guild.id, helpers.id);
    const helper = member("helper", [helpers.id]);
    const timeouter = member("timeouter", [timeouts.id]);
    const manager = member("manager", [managers.id]);
    const elsewhere = guild.createChannel({ name: "elsewhere" });
    const set = (userId: string) => run(userId, "reports", { channel: elsewhere.id }, "channel");
    try {
      expect((await set(helper.id)).content).toMatch(/Manage Server/);
      expect((await set(timeouter.id)).content).toMatch(/Manage Server/);
      expect((await run(helper.id, "reports", {}, "list")).embeds[0]?.title).toBe("Reports");
      expect((await set(manager.id)).content).toBe(`Reports will be posted to <#${elsewhere.id}>.`);
      expect((await run(manager.id, "reports", {}, "list")).content).toMatch(/permission|role/i);
    } finally {
      await app.container.resolve(GuildConfigController).removeModeratorRole(guild.id, helpers.id);
      await setChannel(queue);
    }
  });

  it("files a report, posts it with the moderators' buttons and records its history", async () => {
    const alice = member("alice");
    const bob = member("bob");
    const reply = await report(alice, bob, "called me names");
    expect(reply.ephemeral).toBe(true);
    const filed = await newest();
    expect(reply.content).toBe(`Thank you: your report #${filed.id} about **bob** went to the moderators.`);
    expect(filed).toMatchObject({
      reporterId: alice.id,
      targetId: bob.id,
      status: "open",
      reason: "called me names",
    });
    const post = postOf(filed.id);
    expect(post?.embeds[0]?.fields?.map((field) => field.name)).toEqual([
      "Reported member",
      "Reported by",
      "Reason",
      "Status",
    ]);
    const labels = (post?.components[0] as { components: { label: string }[] }).components.map(
      (b) => b.label,
    );
    expect(labels).toEqual(["Acknowledge", "Warn", "Timeout", "Ban", "Dismiss"]);
    expect((await reports.history(filed.id)).map((event) => [event.status, event.actorId])).toEqual([
      ["open", alice.id],
    ]);
  });

  it('"Report" on a message opens a reason modal and keeps the message as evidence', async () => {
    const carol = member("carol");
    const dave = member("dave");
    const general = guild.firstTextChannel();
    const message = sim.postMessage({
      channelId: general.id,
      userId: dave.id,
      content: "buy cheap coins here",
    });
    const opened = await sim
      .messageMenu({ guildId: guild.id, userId: carol.id, name: "Report", targetId: message.id })
      .answer();
    expect(opened.modal?.title).toBe("Report dave");
    const reply = await sim
      .modalSubmit({
        guildId: guild.id,
        userId: carol.id,
        customId: opened.modal!.custom_id,
        fields: { reason: "scam" },
      })
      .answer();
    const filed = await newest();
    expect(reply.content).toBe(`Thank you: your report #${filed.id} about **dave** went to the moderators.`);
    expect(filed).toMatchObject({
      targetId: dave.id,
      reason: "scam",
      messageLink: `https://discord.com/channels/${guild.id}/${general.id}/${message.id}`,
      messageExcerpt: "buy cheap coins here",
    });
    expect(postOf(filed.id)?.embeds[0]?.fields?.find((f) => f.name === "Message")?.value).toContain(
      "buy cheap coins here",
    );
  });

  it("refuses reporting yourself, a bot or a moderator, and a link to someone else's message", async () => {
    const erin = member("erin");
    const frank = member("frank");
    const botUser = sim.createUser({ username: "otherbot", bot: true });
    guild.addMember(botUser.id);
    expect((await report(erin, erin)).content).toBe("You can't report yourself.");
    expect((await report(erin, botUser)).content).toBe("You can't report a bot (**otherbot**).");
    expect((await report(erin, mod)).content).toMatch(/^\*\*mod\*\* is a moderator here/);
    const general = guild.firstTextChannel();
    const other = sim.postMessage({ channelId: general.id, userId: erin.id, content: "mine" });
    const link = `https://discord.com/channels/${guild.id}/${general.id}/${other.id}`;
    expect((await report(erin, frank, "x", { message: link })).content).toMatch(/not written by the member/);
    expect((await report(erin, frank, "x", { message: "not a link" })).content).toMatch(/Copy Message Link/);
    expect((await reports.page(guild.id, null, null, 100)).filter((r) => r.reporterId === erin.id)).toEqual(
      [],
    );
  });

  it("a report spammer meets the one-open rule, then the rate limit, and nothing more is stored", async () => {
    const spammer = member("spammer");
    const victims = Array.from({ length: REPORT_LIMIT + 1 }, (_, i) => member(`victim${i}`));
    expect((await report(spammer, victims[0]!)).content).toMatch(/^Thank you/);
    expect((await report(spammer, victims[0]!)).content).toBe(
      "You already reported them, and the moderators have not closed that report yet.",
    );
    for (const victim of victims.slice(1, REPORT_LIMIT)) {
      expect((await report(spammer, victim)).content).toMatch(/^Thank you/);
    }
    const refused = await report(spammer, victims[REPORT_LIMIT]!);
    expect(refused.content).toMatch(
      /^You have filed 5 reports in the last 10 minutes; you can report again <t:\d+:R>\.$/,
    );
    const stored = (await reports.page(guild.id, null, null, 100)).filter((r) => r.reporterId === spammer.id);
    expect(stored).toHaveLength(REPORT_LIMIT);
  });

  it("the one-open rule holds when the same report is filed many times at once", async () => {
    const eager = member("eager");
    const target = member("target-race");
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        reports.file({
          guildId: guild.id,
          reporterId: eager.id,
          targetId: target.id,
          reason: "race",
          messageLink: null,
          messageExcerpt: null,
        }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === "fulfilled")).toHaveLength(1);
    const open = (await reports.page(guild.id, "open", null, 100)).filter((r) => r.reporterId === eager.id);
    expect(open).toHaveLength(1);
  });

  it("a blocked member cannot report until unblocked; blocking is for moderators", async () => {
    const grace = member("grace");
    const henry = member("henry");
    expect((await run(grace.id, "reports", { member: henry.id }, "block")).content).toMatch(
      /permission|role/i,
    );
    expect((await run(mod.id, "reports", { member: grace.id }, "block")).content).toBe(
      "**grace** can no longer file reports.",
    );
    expect((await report(grace, henry)).content).toBe(
      "The moderators have stopped you from filing reports here.",
    );
    expect((await run(mod.id, "reports", { member: grace.id }, "unblock")).content).toBe(
      "**grace** can file reports again.",
    );
    expect((await report(grace, henry)).content).toMatch(/^Thank you/);
  });

  it("refuses a link to a message in a channel the reporter cannot read, without saying whether it exists", async () => {
    const gail = member("gail");
    const hugo = member("hugo");
    const hidden = guild.createChannel({ name: "staff-room" });
    const noHistory = guild.createChannel({ name: "no-history" });
    guild.updateChannel(hidden.id, (changed) => {
      changed.permissionOverwrites.push({
        id: guild.id,
        type: 0,
        allow: 0n,
        deny: PermissionFlagsBits.ViewChannel,
      });
    });
    guild.updateChannel(noHistory.id, (changed) => {
      changed.permissionOverwrites.push({
        id: gail.id,
        type: 1,
        allow: 0n,
        deny: PermissionFlagsBits.ReadMessageHistory,
      });
    });
    await eventually(
      () =>
        [hidden, noHistory].every(
          (channel) =>
            (app.bot.client.channels.cache.get(channel.id) as GuildChannel | undefined)?.permissionOverwrites
              .cache.size === 1,
        ),
      5000,
      "the overwrites in the bot's cache",
    );
    const secret = sim.postMessage({ channelId: hidden.id, userId: hugo.id, content: "the staff's secret" });
    const old = sim.postMessage({ channelId: noHistory.id, userId: hugo.id, content: "said long ago" });
    const link = (channelId: string, messageId: string) =>
      `https://discord.com/channels/${guild.id}/${channelId}/${messageId}`;
    const refusal = `You can only report messages in channels you can read (<#${hidden.id}> is not one of them).`;
    const answers = await Promise.all([
      report(gail, hugo, "x", { message: link(hidden.id, secret.id) }),
      report(gail, hugo, "x", { message: link(hidden.id, "123456789012345678") }),
    ]);
    expect(answers.map((answer) => answer.content)).toEqual([refusal, refusal]);
    const history = await report(gail, hugo, "x", { message: link(noHistory.id, old.id) });
    expect(history.content).toBe(
      `You can only report messages in channels you can read (<#${noHistory.id}> is not one of them).`,
    );
    expect((await reports.page(guild.id, null, null, 100)).filter((r) => r.reporterId === gail.id)).toEqual(
      [],
    );
    const general = guild.firstTextChannel();
    const visible = sim.postMessage({ channelId: general.id, userId: hugo.id, content: "in the open" });
    const allowed = await report(gail, hugo, "x", { message: link(general.id, visible.id) });
    expect(allowed.content).toMatch(/^Thank you/);
    expect(await newest()).toMatchObject({ reporterId: gail.id, messageExcerpt: "in the open" });
  });

  it("a member who is not a moderator pressing a button is refused and the report is unchanged", async () => {
    const ivan = member("ivan");
    const judy = member("judy");
    await report(ivan, judy);
    const filed = await newest();
    const refused = await press(ivan.id, filed.id, "Dismiss").answer();
    expect(refused.modal).toBeUndefined();
    expect(refused.content).toMatch(/permission|role/i);
    const banRefused = await press(ivan.id, filed.id, "Ban").answer();
    expect(banRefused.content).toMatch(/Ban Members/);
    expect((await reports.ofGuild(guild.id, filed.id)).status).toBe("open");
  });

  it("Acknowledge, then Ban: the case is linked, the post shows it, the reporter is told; a second moderator is told who handled it", async () => {
    const kim = member("kim");
    const leo = member("leo");
    await report(kim, leo, "raiding");
    const filed = await newest();
    expect((await press(mod2.id, filed.id, "Acknowledge").answer()).content).toBe(
      `You acknowledged report #${filed.id}.`,
    );
    await eventually(
      () => statusField(filed.id) === `Acknowledged by <@${mod2.id}>`,
      5000,
      "the post edited",
    );
    const banModal = await modalOf(mod.id, filed.id, "Ban");
    const dismissModal = await modalOf(mod2.id, filed.id, "Dismiss");
    const banned = await submit(mod.id, banModal, { reason: "raid" }).answer();
    const actioned = await reports.ofGuild(guild.id, filed.id);
    expect(actioned).toMatchObject({ status: "actioned", handledBy: mod.id });
    expect(banned.content).toContain(`Report #${filed.id} is closed with case #${actioned.caseNumber}.`);
    const kase = await app.container.resolve(CaseController).getByNumber(guild.id, actioned.caseNumber!);
    expect(kase).toMatchObject({ type: CaseType.Ban, targetId: leo.id, moderatorId: mod.id, reason: "raid" });
    expect(guild.bans.has(leo.id)).toBe(true);
    const late = await submit(mod2.id, dismissModal, { reason: "nothing wrong" }).answer();
    expect(late.content).toBe(`Report #${filed.id} was already handled by <@${mod.id}> (actioned).`);
    await eventually(
      () => statusField(filed.id) === `Actioned by <@${mod.id}> (case #${actioned.caseNumber})`,
      5000,
      "the post shows the case",
    );
    expect(postOf(filed.id)?.components).toEqual([]);
    await eventually(() => sim.dmsTo(kim.id).some((dm) => /took action/.test(dm.content)), 5000, "the DM");
    expect((await reports.history(filed.id)).map((event) => event.status)).toEqual([
      "open",
      "acknowledged",
      "actioned",
    ]);
  });
  it("two moderators racing to close one report: exactly one wins, the other is told who did", async () => {
    const mia = member("mia");
    const ned = member("ned");
    await report(mia, ned);
    const filed = await newest();
    const first = await modalOf(mod.id, filed.id, "Dismiss");
    const second = await modalOf(mod2.id, filed.id, "Warn");
    const answers = await Promise.all([
      submit(mod.id, first, { reason: "not a problem" }).answer(),
      submit(mod2.id, second, { reason: "be nice" }).answer(),
    ]);
    const closed = await reports.ofGuild(guild.id, filed.id);
    const winner = closed.handledBy === mod.id ? 0 : 1;
    expect(answers[1 - winner]?.content).toMatch(new RegExp(`^Report #${filed.id} was already handled by`));
    const history = (await reports.history(filed.id)).map((event) => event.status);
    expect(history.filter((status) => status !== "open")).toHaveLength(1);
    const warns = await app.container
      .resolve(CaseController)
      .list(guild.id, { includeVoided: true }, { limit: 100 });
    const warnCases = warns.items.filter((kase) => kase.targetId === ned.id);
    expect(warnCases).toHaveLength(closed.status === "actioned" ? 1 : 0);
  });

  it("many concurrent status changes on one report: one conditional update wins", async () => {
    const olga = member("olga");
    const pete = member("pete");
    await report(olga, pete);
    const filed = await newest();
    const results = await Promise.all(
      [mod, mod2, mod, mod2, mod, mod2].map((who, i) =>
        reports.transition(guild.id, filed.id, {
          to: i % 2 === 0 ? "dismissed" : "actioned",
          from: ["open", "acknowledged"],
          actorId: who.id,
        }),
      ),
    );
    expect(results.filter((result) => result.changed)).toHaveLength(1);
    expect((await reports.history(filed.id)).map((event) => event.status)).toHaveLength(2);
  });

  it("a report about a member who has left: Warn is refused and the report stays open, Ban still works", async () => {
    const quinn = member("quinn");
    const rita = member("rita");
    await report(quinn, rita, "left after spamming");
    const filed = await newest();
    guild.removeMember(rita.id);
    const warnModal = await modalOf(mod.id, filed.id, "Warn");
    const refused = await submit(mod.id, warnModal, { reason: "spam" }).answer();
    expect(refused.content).toBe("rita isn't a member of this server.");
    expect((await reports.ofGuild(guild.id, filed.id)).status).toBe("open");
    const banModal = await modalOf(mod.id, filed.id, "Ban");
    await submit(mod.id, banModal, { reason: "spam" }).answer();
    expect((await reports.ofGuild(guild.id, filed.id)).status).toBe("actioned");
    expect(guild.bans.has(rita.id)).toBe(true);
  });

  it("when Discord refuses the ban, the case is voided and the report is open again", async () => {
    const sam = member("sam");
    const tina = member("tina");
    await report(sam, tina);
    const filed = await newest();
    const banModal = await modalOf(mod.id, filed.id, "Ban");
    sim.faults.inject({ path: "/guilds/:guild/bans/:user", method: "PUT", status: 403, code: 50013 });
    const refused = await submit(mod.id, banModal, { reason: "x" }).answer();
    expect(refused.content).not.toMatch(/closed with case/);
    const after = await reports.ofGuild(guild.id, filed.id);
    expect(after).toMatchObject({ status: "open", caseNumber: null });
    expect(guild.bans.has(tina.id)).toBe(false);
    expect(postOf(filed.id)?.components).not.toEqual([]);
  });

  it("a ban whose answer never came keeps the report actioned; voided later, the report is open again", async () => {
    const ulla = member("ulla");
    const vera = member("vera");
    const wes = member("wes");
    const reconciler = app.cogs.flatMap((cog) => cog.tasks ?? []).find((t) => t instanceof PendingActions);
    if (!(reconciler instanceof PendingActions)) throw new Error("no reconciler");
    const cases = app.container.resolve(CaseController);
    // Discord answers neither the ban nor whether the member is banned: the case waits for the reconciler.
    const unanswered = async (target: SimUser, landed: boolean) => {
      await report(ulla, target);
      const filed = await newest();
      const banModal = await modalOf(mod.id, filed.id, "Ban");
      const bans = `/guilds/${guild.id}/bans/${target.id}`;
      sim.faults.inject({
        method: "PUT",
        path: bans,
        status: 500,
        hold: () =>
          Promise.resolve(
            landed ? void guild.bans.set(target.id, { userId: target.id, reason: "x" }) : undefined,
          ),
      });
      sim.faults.inject({ method: "GET", path: bans, status: 500 });
      const reply = await submit(mod.id, banModal, { reason: "x" }).answer();
      expect(reply.content).toMatch(/^Discord didn't answer/);
      sim.faults.clear();
      const waiting = await reports.ofGuild(guild.id, filed.id);
      expect(waiting).toMatchObject({ status: "actioned", caseNumber: expect.any(Number) });
      return waiting;
    };
    const voided = await unanswered(vera, false);
    const stands = await unanswered(wes, true);
    // Reported again meanwhile: that open report carries the matter, the one whose case is voided closes.
    const xena = member("xena-voided");
    const superseded = await unanswered(xena, false);
    expect((await report(ulla, xena, "still at it")).content).toMatch(/^Thank you/);
    const newer = await newest();
    await app.database.sql(`UPDATE cases SET created_at = now() - interval '5 minutes' WHERE pending`);
    // The scheduled run may settle them first; either way both end settled.
    await reconciler.reconcile(app.bot.client as Client<true>, 0);
    expect(await cases.getByNumber(guild.id, voided.caseNumber ?? 0)).toMatchObject({ voided: true });
    expect(await reports.ofGuild(guild.id, voided.id)).toMatchObject({ status: "open", caseNumber: null });
    expect((await reports.history(voided.id)).at(-1)).toMatchObject({
      status: "open",
      note: `case #${voided.caseNumber} was not carried out`,
    });
    expect(await reports.ofGuild(guild.id, superseded.id)).toMatchObject({
      status: "dismissed",
      caseNumber: null,
    });
    expect((await reports.history(superseded.id)).at(-1)).toMatchObject({
      status: "dismissed",
      note: `case #${superseded.caseNumber} was not carried out`,
    });
    expect(await reports.ofGuild(guild.id, newer.id)).toMatchObject({ status: "open" });
    expect(await reports.ofGuild(guild.id, stands.id)).toMatchObject({
      status: "actioned",
      caseNumber: stands.caseNumber,
    });
    const banModal = await modalOf(mod2.id, voided.id, "Ban");
    expect((await submit(mod2.id, banModal, { reason: "again" }).answer()).content).toMatch(
      /closed with case/,
    );
  });

  it("Dismiss asks for a reason; a reporter whose DMs are closed is no problem for the moderator", async () => {
    const uma = member("uma", [], { dmsClosed: true });
    const vic = member("vic");
    await report(uma, vic);
    const filed = await newest();
    const dismissModal = await modalOf(mod.id, filed.id, "Dismiss");
    const reply = await submit(mod.id, dismissModal, { reason: "banter between friends" }).answer();
    expect(reply.content).toBe(`You dismissed report #${filed.id}; the reporter is told it was reviewed.`);
    expect(await reports.ofGuild(guild.id, filed.id)).toMatchObject({
      status: "dismissed",
      closeReason: "banter between friends",
    });
    await eventually(
      () => statusField(filed.id) === `Dismissed by <@${mod.id}>: banter between friends`,
      5000,
      "the post edited",
    );
    expect(sim.dmsTo(uma.id)).toEqual([]);
  });

  it("the reports channel deleted, or closed to Warden: the reporter is told clearly and the report is stored", async () => {
    const walt = member("walt");
    const xena = member("xena");
    const doomed = guild.createChannel({ name: "doomed-reports" });
    await eventually(() => app.bot.client.channels.cache.has(doomed.id), 5000, "the channel cached");
    await setChannel(doomed);
    guild.deleteChannel(doomed.id);
    await eventually(() => !app.bot.client.channels.cache.has(doomed.id), 5000, "the deletion seen");
    const reply = await report(walt, xena);
    const stored = await newest();
    expect(stored).toMatchObject({
      reporterId: walt.id,
      targetId: xena.id,
      status: "open",
      postMessageId: null,
    });
    expect(reply.content).toMatch(/is stored, but Warden could not post it to the reports channel/);

    const closed = guild.createChannel({ name: "closed-reports" });
    await eventually(() => app.bot.client.channels.cache.has(closed.id), 5000, "the channel cached");
    await setChannel(closed);
    sim.faults.inject({ path: "/channels/:channel/messages", method: "POST", status: 403, code: 50013 });
    const yara = member("yara");
    const second = await report(yara, xena);
    expect(second.content).toMatch(/is stored, but Warden could not post it/);
    expect(await newest()).toMatchObject({ reporterId: yara.id, postMessageId: null });
    sim.faults.clear();
    await setChannel(queue);
  });

  it("/reports list pages through reports by status, newest first", async () => {
    const all = await reports.page(guild.id, null, null, 100);
    const first = await run(mod.id, "reports", {}, "list");
    expect(first.embeds[0]?.title).toBe("Reports");
    expect(first.embeds[0]?.description).toContain(`**#${all[0]!.id}**`);
    expect(first.embeds[0]?.description?.split("\n")).toHaveLength(10);
    const next = (
      first.components[0] as { components: { label: string; custom_id: string }[] }
    ).components.find((button) => button.label === "Next");
    const second = await sim
      .button({ guildId: guild.id, userId: mod.id, customId: next!.custom_id, messageId: first.id })
      .answer();
    expect(second.embeds[0]?.description).toContain(`**#${all[10]!.id}**`);
    const dismissed = await run(mod.id, "reports", { status: "dismissed" }, "list");
    const lines = dismissed.embeds[0]?.description?.split("\n") ?? [];
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.includes("dismissed"))).toBe(true);
    const ivy = member("ivy");
    expect((await run(ivy.id, "reports", {}, "list")).content).toMatch(/permission|role/i);
  });
  it("a report of another server is neither found nor changed from here (a guild in every statement)", async () => {
    const zed = member("zed");
    const amy = member("amy");
    await report(zed, amy);
    const filed = await newest();
    const elsewhere = sim.createGuild({ name: "Elsewhere" }).id;
    await expect(reports.ofGuild(elsewhere, filed.id)).rejects.toThrow("reports.not_found");
    const change = { to: "dismissed" as const, from: ["open" as const], actorId: mod.id };
    await expect(reports.transition(elsewhere, filed.id, change)).rejects.toThrow("reports.not_found");
    expect((await reports.ofGuild(guild.id, filed.id)).status).toBe("open");
  });
});
