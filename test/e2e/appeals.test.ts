import { PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import type { Client } from "discord.js";
import { AppealsCog } from "../../src/cogs/appeals/appeals-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { PendingActions } from "../../src/cogs/moderation/pending-actions";
import { AppealController } from "../../src/controllers/appeal-controller";
import { CaseController } from "../../src/controllers/case-controller";
import { DatabaseService } from "../../src/database/database-service";
import { CaseType } from "../../src/entities";
import { DiscordSimulator, type SimGuild, type SimMessage, type SimUser } from "../../simulator";
import { startBot, type RunningBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";
import { customIdOf } from "../support/components";

const DATABASE = `warden_e2e_appeals_w${process.env.JEST_WORKER_ID ?? "0"}`;

jest.setTimeout(60_000);

describe("ban appeals end to end", () => {
  let sim: DiscordSimulator;
  let bot: RunningBot;
  let app: WardenApp;
  let guild: SimGuild;
  /** Where a banned member still shares a guild with Warden (to run /appeal). */
  let otherGuild: SimGuild;
  let mod: SimUser;
  let secondMod: SimUser;
  let bystander: SimUser;
  let appealsChannelId: string;
  let appeals: AppealController;
  let cases: CaseController;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Appeal Guild" });
    const mods = guild.createRole({ name: "Mods", position: 5, permissions: PermissionFlagsBits.BanMembers });
    mod = sim.createUser({ username: "mod" });
    secondMod = sim.createUser({ username: "mod2" });
    bystander = sim.createUser({ username: "bystander" });
    guild.addMember(mod.id, { roles: [mods.id] });
    guild.addMember(secondMod.id, { roles: [mods.id] });
    guild.addMember(bystander.id);
    appealsChannelId = guild.createChannel({ name: "appeals" }).id;
    otherGuild = sim.createGuild({ name: "Other Guild" });
    bot = await startBot({
      sim,
      databaseUrl: await createDatabase(DATABASE, { migrated: true }),
      cogs: [ModerationCog, AppealsCog],
    });
    app = bot.app;
    appeals = app.container.resolve(AppealController);
    cases = app.container.resolve(CaseController);
    const on = await command(guild.ownerId, "appeals", "channel", { channel: appealsChannelId });
    expect(on.content).toBe(
      `Appeals are on: they are posted in <#${appealsChannelId}>, and ban DMs carry an Appeal button.`,
    );
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  function command(
    userId: string,
    name: string,
    subcommand: string | undefined,
    options: Record<string, string>,
  ) {
    return sim
      .command({ guildId: guild.id, userId, name, ...(subcommand ? { subcommand } : {}), options })
      .answer();
  }

  /** A new member, banned by the moderator: their ban DM and the ban case. */
  async function banned(name: string) {
    const user = sim.createUser({ username: name });
    guild.addMember(user.id);
    const reply = await command(mod.id, "ban", undefined, { user: user.id, reason: `${name} spammed` });
    expect(reply.content).toMatch(/^Banned/);
    const ban = (await cases.list(guild.id, { targetId: user.id }, { limit: 1 })).items[0];
    if (!ban) throw new Error("no ban case");
    const dm = sim.dmsTo(user.id).at(-1);
    return { user, ban, dm, appealId: customIdOf(dm, "appeal") };
  }

  /** Presses the DM's Appeal button as `userId` (with `customId`, maybe someone else's) and fills the form. */
  async function appeal(userId: string, customId: string, text = "I am sorry") {
    const opened = await sim.dmButton({ userId, customId }).answer();
    if (!opened.modal) return opened;
    return sim.dmModalSubmit({ userId, customId: opened.modal.custom_id, fields: { reason: text } }).answer();
  }

  const posts = () => guild.channels.get(appealsChannelId)?.messages ?? [];
  const postOf = (appealNumber: number) =>
    posts().find((post) => post.embeds[0]?.title === `Appeal #${String(appealNumber)}`);
  const press = (userId: string, post: SimMessage | undefined, prefix: string) =>
    sim.button({
      guildId: guild.id,
      userId,
      channelId: appealsChannelId,
      messageId: post?.id ?? "",
      customId: customIdOf(post, prefix),
    });
  const stored = async (userId: string) => (await appeals.ofUser(userId, 5))[0];

  it("lets a banned member appeal from their ban DM, with no shared guild, and posts it for moderators", async () => {
    const { user, ban, dm, appealId } = await banned("alice");
    expect(dm?.content).toMatch(/banned/i);
    const answer = await appeal(user.id, appealId, "It was my little brother");
    expect(answer).toMatchObject({
      ephemeral: true,
      content: "Your appeal was sent to the moderators of Appeal Guild. You will hear their answer here.",
    });
    const row = await stored(user.id);
    expect(row).toMatchObject({ status: "open", banNumber: ban.number, guildId: guild.id });
    const post = postOf(row?.id ?? 0);
    expect(post?.embeds[0]?.description).toContain("It was my little brother");
    expect(JSON.stringify(post?.embeds[0]?.fields)).toContain(`Case #${String(ban.number)}: alice spammed`);
    expect(customIdOf(post, "appeal-accept")).toBeTruthy();
    expect(customIdOf(post, "appeal-reject")).toBeTruthy();
  });

  it("Accept unbans with an Unban case referring to the ban, tells the member and edits the post", async () => {
    const { user, ban, appealId } = await banned("bob");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    const reply = await press(mod.id, postOf(row?.id ?? 0), "appeal-accept").answer();
    expect(reply.content).toMatch(
      new RegExp(`^Appeal #${String(row?.id)} accepted: bob is unbanned \\(case #\\d+\\)\\.$`),
    );
    expect(guild.bans.has(user.id)).toBe(false);
    const unban = (await cases.list(guild.id, { targetId: user.id }, { limit: 1 })).items[0];
    expect(unban).toMatchObject({
      type: CaseType.Unban,
      moderatorId: mod.id,
      refCaseId: ban.id,
      voided: false,
    });
    const decided = await appeals.inGuild(guild.id, row?.id ?? 0);
    expect(decided).toMatchObject({ status: "accepted", decidedBy: mod.id, unbanCaseId: unban?.id });
    expect(sim.dmsTo(user.id).at(-1)?.content).toBe(
      "Your appeal in Appeal Guild was accepted: your ban is lifted.",
    );
    await eventually(() => postOf(row?.id ?? 0)?.components.length === 0, 3000, "the post edited");
    expect(JSON.stringify(postOf(row?.id ?? 0)?.embeds[0]?.fields)).toContain(`Accepted by <@${mod.id}>`);
  });

  it("Reject asks for a reason, records it, tells the member and edits the post", async () => {
    const { user, appealId } = await banned("carol");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    const opened = await press(mod.id, postOf(row?.id ?? 0), "appeal-reject").answer();
    expect(opened.modal?.title).toBe(`Reject appeal #${String(row?.id)}`);
    const done = await sim
      .modalSubmit({
        guildId: guild.id,
        userId: mod.id,
        customId: opened.modal?.custom_id ?? "",
        fields: { reason: "Not convincing" },
      })
      .answer();
    expect(done.content).toBe(`Appeal #${String(row?.id)} rejected; the member is told.`);
    expect(await appeals.inGuild(guild.id, row?.id ?? 0)).toMatchObject({
      status: "rejected",
      decidedBy: mod.id,
      decisionReason: "Not convincing",
    });
    expect(guild.bans.has(user.id)).toBe(true);
    expect(sim.dmsTo(user.id).at(-1)?.content).toBe(
      "Your appeal in Appeal Guild was rejected: Not convincing",
    );
    await eventually(() => postOf(row?.id ?? 0)?.components.length === 0, 3000, "the post edited");
  });

  it("keeps an appeal whose post Discord refused, tells the member it was received, and posts it later", async () => {
    const { user, appealId } = await banned("tara");
    sim.faults.inject({
      method: "POST",
      path: `/channels/${appealsChannelId}/messages`,
      status: 403,
      code: 50013,
      times: 1,
    });
    const answer = await appeal(user.id, appealId, "Please, once more");
    expect(answer.content).toBe(
      "Your appeal was sent to the moderators of Appeal Guild. You will hear their answer here.",
    );
    const row = await stored(user.id);
    expect(row?.status).toBe("open");
    await eventually(() => postOf(row?.id ?? 0) !== undefined, 20_000, "the appeal posted by the retry job");
    expect(customIdOf(postOf(row?.id ?? 0), "appeal-accept")).toBeTruthy();
    await eventuallyAsync(
      async () => (await appeals.inGuild(guild.id, row?.id ?? 0)).messageId === postOf(row?.id ?? 0)?.id,
      5000,
      "the post recorded",
    );
    expect(posts().filter((post) => post.embeds[0]?.description?.includes(`<@${user.id}>`))).toHaveLength(1);
    expect((await appeal(user.id, appealId)).content).toMatch(/^You already appealed this ban/);
  });

  it("an appeals channel deleted: the appeal waits (logged once, not retried) and goes to the next channel set", async () => {
    const doomed = guild.createChannel({ name: "doomed-appeals" });
    await command(guild.ownerId, "appeals", "channel", { channel: doomed.id });
    try {
      const { user, appealId } = await banned("uwe");
      guild.deleteChannel(doomed.id);
      const answer = await appeal(user.id, appealId);
      expect(answer.content).toMatch(/^Your appeal was sent to the moderators of Appeal Guild/);
      const row = await stored(user.id);
      const gone = (line: Record<string, unknown>) =>
        line.msg === "the appeals channel is gone: the appeal waits for /appeals channel" &&
        line.appealId === row?.id;
      await eventually(() => bot.logs.find(gone) !== undefined, 5000, "the log line");
      const fetches = () => sim.requests.filter("GET", `/channels/${doomed.id}`).length;
      const before = fetches();
      await new Promise((resolve) => setTimeout(resolve, 7000)); // more than one run of the retry job
      expect(fetches()).toBe(before);
      expect(bot.logs.lines.filter(gone)).toHaveLength(1);
      expect((await appeals.inGuild(guild.id, row?.id ?? 0)).messageId).toBeNull();
      await command(guild.ownerId, "appeals", "channel", { channel: appealsChannelId });
      await eventually(
        () => postOf(row?.id ?? 0) !== undefined,
        20_000,
        "the appeal posted to the new channel",
      );
    } finally {
      await command(guild.ownerId, "appeals", "channel", { channel: appealsChannelId });
    }
  });

  it("refuses an appeal for a ban that has since been lifted", async () => {
    const { user, ban, appealId } = await banned("dave");
    await command(mod.id, "unban", undefined, { user: user.id, reason: "changed my mind" });
    const answer = await appeal(user.id, appealId);
    expect(answer.content).toBe(
      `Your ban (case #${String(ban.number)}) has been lifted: there is nothing to appeal.`,
    );
    expect(await stored(user.id)).toBeUndefined();
  });

  it("refuses an old ban's button once the member was unbanned and banned again: only the current ban", async () => {
    const { user, ban, appealId: oldButton } = await banned("dora");
    await command(mod.id, "unban", undefined, { user: user.id, reason: "second chance" });
    guild.addMember(user.id);
    await command(mod.id, "ban", undefined, { user: user.id, reason: "again" });
    const current = (await cases.list(guild.id, { targetId: user.id }, { limit: 1 })).items[0];
    expect(current).toMatchObject({ type: CaseType.Ban });
    const answer = await appeal(user.id, oldButton);
    expect(answer.content).toBe(
      `This button is for an earlier ban (case #${String(ban.number)}); you are banned now under case #${String(current?.number)}: appeal that one from its own message.`,
    );
    expect(await stored(user.id)).toBeUndefined();
    const newButton = customIdOf(sim.dmsTo(user.id).at(-1), "appeal");
    expect((await appeal(user.id, newButton)).content).toMatch(/^Your appeal was sent/);
    expect(await stored(user.id)).toMatchObject({ banNumber: current?.number });
  });

  it("refuses a second appeal of the same ban", async () => {
    const { user, ban, appealId } = await banned("erin");
    await appeal(user.id, appealId);
    const again = await appeal(user.id, appealId, "please");
    expect(again.content).toBe(
      `You already appealed this ban (case #${String(ban.number)}): there is one appeal per ban.`,
    );
    expect(await appeals.ofUser(user.id, 5)).toHaveLength(1);
  });

  it("stores one appeal when the same form is submitted twice at once", async () => {
    const { user, appealId } = await banned("frank");
    const opened = await sim.dmButton({ userId: user.id, customId: appealId }).answer();
    const formId = opened.modal?.custom_id ?? "";
    const submit = () =>
      sim.dmModalSubmit({ userId: user.id, customId: formId, fields: { reason: "x" } }).answer();
    const answers = await Promise.all([submit(), submit()]);
    expect(answers.map((answer) => answer.content.split(" ")[0]).sort()).toEqual(["You", "Your"]);
    expect(answers.some((answer) => answer.content.startsWith("You already appealed"))).toBe(true);
    expect(await appeals.ofUser(user.id, 5)).toHaveLength(1);
    expect(posts().filter((post) => post.embeds[0]?.description?.includes(`<@${user.id}>`))).toHaveLength(1);
  });

  it("refuses someone else pressing (a forged interaction with the victim's custom id)", async () => {
    const victim = await banned("grace");
    const attacker = await banned("heidi");
    const forged = await appeal(attacker.user.id, victim.appealId);
    expect(forged.content).toBe("This appeal is not yours to make.");
    expect(await stored(victim.user.id)).toBeUndefined();
    expect(await stored(attacker.user.id)).toBeUndefined();
  });

  it("refuses an appeal before the delay and says from when", async () => {
    await command(guild.ownerId, "appeals", "delay", { duration: "7d" });
    try {
      const { user, ban, appealId } = await banned("ivan");
      const answer = await appeal(user.id, appealId);
      const opensAt = Math.ceil((ban.createdAt.getTime() + 7 * 86_400_000) / 1000);
      expect(answer.content).toMatch(/^You can appeal this ban from <t:(\d+):f>\.$/);
      const shown = Number(/<t:(\d+):f>/.exec(answer.content)?.[1]);
      expect(Math.abs(shown - opensAt)).toBeLessThanOrEqual(1);
      // Once the delay has passed (the ban made a week earlier), the same button works.
      await app.container
        .resolve(DatabaseService)
        .sql(`UPDATE cases SET created_at = created_at - interval '8 days' WHERE id = $1`, [ban.id]);
      expect((await appeal(user.id, appealId)).content).toMatch(/^Your appeal was sent/);
    } finally {
      await command(guild.ownerId, "appeals", "delay", { duration: "0" });
    }
  });

  it("refuses Accept and Reject from a member who may not ban, and the appeal stays open", async () => {
    const { user, appealId } = await banned("judy");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    const accept = await press(bystander.id, postOf(row?.id ?? 0), "appeal-accept").answer();
    expect(accept.content).toMatch(/permission|role/i);
    const reject = await press(bystander.id, postOf(row?.id ?? 0), "appeal-reject").answer();
    expect(reject.modal).toBeUndefined();
    expect(guild.bans.has(user.id)).toBe(true);
    expect((await stored(user.id))?.status).toBe("open");
  });

  it("answers clearly when Discord says the member is not banned (404) and keeps the appeal open", async () => {
    const { user, appealId } = await banned("kim");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    sim.faults.inject({ method: "GET", path: "/guilds/:guild/bans/:user", status: 404, code: 10026 });
    const reply = await press(mod.id, postOf(row?.id ?? 0), "appeal-accept").answer();
    expect(reply.content).toBe(`<@${user.id}> isn't banned here.`);
    expect((await stored(user.id))?.status).toBe("open");
    expect((await cases.list(guild.id, { targetId: user.id }, { limit: 1 })).items[0]?.type).toBe(
      CaseType.Ban,
    );
  });

  it("answers clearly when Discord refuses the unban (403), voids the Unban case and reopens the appeal", async () => {
    const { user, appealId } = await banned("liam");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    sim.faults.inject({ method: "DELETE", path: "/guilds/:guild/bans/:user", status: 403, code: 50013 });
    const reply = await press(mod.id, postOf(row?.id ?? 0), "appeal-accept").answer();
    expect(reply.content).toMatch(/permission/i);
    expect(guild.bans.has(user.id)).toBe(true);
    const unban = (await cases.list(guild.id, { targetId: user.id, includeVoided: true }, { limit: 1 }))
      .items[0];
    expect(unban).toMatchObject({ type: CaseType.Unban, voided: true });
    expect(await appeals.inGuild(guild.id, row?.id ?? 0)).toMatchObject({
      status: "open",
      unbanCaseId: null,
    });
    sim.faults.clear();
    const retried = await press(mod.id, postOf(row?.id ?? 0), "appeal-accept").answer();
    expect(retried.content).toMatch(/accepted/);
  });

  it("an accepted appeal whose unban Discord never carried out is open again once the reconciler voids the Unban", async () => {
    const { user, appealId } = await banned("lars");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    const bans = `/guilds/${guild.id}/bans/${user.id}`;
    // Discord fails the unban, and from then on cannot say whether the member is banned.
    sim.faults.inject({
      method: "DELETE",
      path: bans,
      status: 500,
      hold: () => Promise.resolve(void sim.faults.inject({ method: "GET", path: bans, status: 500 })),
    });
    const reply = await press(mod.id, postOf(row?.id ?? 0), "appeal-accept").answer();
    expect(reply.content).toMatch(/^Discord didn't answer/);
    sim.faults.clear();
    const waiting = await appeals.inGuild(guild.id, row?.id ?? 0);
    expect(waiting).toMatchObject({ status: "accepted", unbanCaseId: expect.any(Number) });
    expect(guild.bans.has(user.id)).toBe(true);

    await app.database.sql(`UPDATE cases SET created_at = now() - interval '5 minutes' WHERE pending`);
    const reconciler = app.cogs.flatMap((cog) => cog.tasks ?? []).find((t) => t instanceof PendingActions);
    if (!(reconciler instanceof PendingActions)) throw new Error("no reconciler");
    // The scheduled run may settle it first; either way the Unban ends voided.
    await reconciler.reconcile(app.bot.client as Client<true>, 0);
    expect(await cases.getById(waiting.unbanCaseId ?? 0)).toMatchObject({ voided: true, pending: false });
    expect(await appeals.inGuild(guild.id, row?.id ?? 0)).toMatchObject({
      status: "open",
      unbanCaseId: null,
      decidedBy: null,
    });
    const unbanNumber = (await cases.getById(waiting.unbanCaseId ?? 0))?.number;
    expect((await appeals.history(row?.id ?? 0)).map(({ kind, note }) => ({ kind, note }))).toEqual([
      { kind: "submitted", note: null },
      { kind: "accepted", note: null },
      { kind: "reopened", note: `case #${String(unbanNumber)} was not carried out` },
    ]);
    const again = await press(secondMod.id, postOf(row?.id ?? 0), "appeal-accept").answer();
    expect(again.content).toMatch(/accepted: lars is unbanned/);
    expect(guild.bans.has(user.id)).toBe(false);
  });

  it("lets one of two moderators accepting at once win: one Unban case, the other told", async () => {
    const { user, appealId } = await banned("mia");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    const post = postOf(row?.id ?? 0);
    const answers = await Promise.all([
      press(mod.id, post, "appeal-accept").answer(),
      press(secondMod.id, post, "appeal-accept").answer(),
    ]);
    const won = answers.filter((answer) => /accepted: mia is unbanned/.test(answer.content));
    expect(won).toHaveLength(1);
    const unbans = (
      await cases.list(guild.id, { targetId: user.id, includeVoided: true }, { limit: 5 })
    ).items.filter((kase) => kase.type === CaseType.Unban);
    expect(unbans).toHaveLength(1);
  });

  it("decides even when the member's DMs refuse the outcome (logged, not an error)", async () => {
    const { user, appealId } = await banned("nina");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    sim.faults.inject({
      method: "POST",
      path: `/channels/${sim.dmChannelWith(user.id).id}/messages`,
      status: 403,
      code: 50007,
    });
    const reply = await press(mod.id, postOf(row?.id ?? 0), "appeal-accept").answer();
    expect(reply.content).toMatch(/accepted/);
    const told = "could not tell the member of their appeal's outcome";
    await eventually(() => bot.logs.find((line) => line.msg === told) !== undefined, 3000, "the log line");
  });

  it("/appeal shows a member where their appeals stand", async () => {
    const { user, ban, appealId } = await banned("olga");
    otherGuild.addMember(user.id);
    const ask = () => sim.command({ guildId: otherGuild.id, userId: user.id, name: "appeal" }).answer();
    expect((await ask()).content).toBe("You have not appealed any ban.");
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    expect((await ask()).content).toBe(
      `Appeal Guild: appeal #${String(row?.id)} of case #${String(ban.number)}, open`,
    );
  });

  it("/appeal works in DMs with Warden, for a member who shares no guild with it any more", async () => {
    const { user, ban, appealId } = await banned("rosa");
    const ask = () => sim.dmCommand({ userId: user.id, name: "appeal" }).answer();
    const empty = await ask();
    expect(empty).toMatchObject({ content: "You have not appealed any ban.", ephemeral: true });
    await appeal(user.id, appealId);
    const row = await stored(user.id);
    expect((await ask()).content).toBe(
      `Appeal Guild: appeal #${String(row?.id)} of case #${String(ban.number)}, open`,
    );
  });

  it("/appeals channel without a channel turns appeals off: ban DMs carry no button, old buttons refuse", async () => {
    const { user, appealId } = await banned("pat");
    await command(guild.ownerId, "appeals", "channel", {});
    try {
      const later = sim.createUser({ username: "quinn" });
      guild.addMember(later.id);
      await command(mod.id, "ban", undefined, { user: later.id, reason: "spam" });
      expect(sim.dmsTo(later.id).at(-1)?.components ?? []).toHaveLength(0);
      expect((await appeal(user.id, appealId)).content).toBe("This server does not take appeals right now.");
    } finally {
      await command(guild.ownerId, "appeals", "channel", { channel: appealsChannelId });
    }
  });
});
