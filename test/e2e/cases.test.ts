import { ModLog } from "../../src/cogs/cases/mod-log";
import { CaseController } from "../../src/controllers/case-controller";
import { GuildConfigController } from "../../src/controllers/guild-config-controller";
import { CaseType } from "../../src/entities";
import { MessageLogController } from "../../src/controllers/message-log-controller";
import { MAX_REASON_LENGTH } from "../../src/entities/case";
import { CasesWorld, listedNumbers } from "../support/cases-fixture";

const DATABASE = `warden_e2e_cases_w${process.env.JEST_WORKER_ID ?? "0"}`;

describe("/case, /history and case autocomplete end to end", () => {
  let world: CasesWorld;
  let cases: CaseController;

  beforeAll(async () => {
    world = await CasesWorld.start(DATABASE);
    cases = world.app.container.resolve(CaseController);
  });
  afterAll(() => world?.stop());

  const field = (embed: { fields?: { name: string; value: string }[] } | undefined, name: string) =>
    embed?.fields?.find((candidate) => candidate.name === name)?.value;

  it("shows a case with its edit history: who changed what, when", async () => {
    const kase = await world.makeCase({ type: CaseType.Ban, reason: "spamming links" });
    await cases.editReason(world.guild.id, kase.number, world.otherMod.id, "spamming invite links");
    const reply = await world.caseCommand(world.mod.id, "show", { number: kase.number });
    expect(reply.ephemeral).toBe(true);
    const [shown, history] = reply.embeds;
    expect(shown?.title).toBe(`Ban | Case #${kase.number}`);
    expect(field(shown, "Reason")).toBe("spamming invite links");
    expect(history?.title).toBe("History");
    expect(history?.description).toMatch(
      new RegExp(
        `^<t:\\d+:f> <@${world.otherMod.id}> changed the reason from “spamming links” to “spamming invite links”$`,
      ),
    );
  });

  it("shows the target's last logged messages when the guild keeps a message log", async () => {
    const kase = await world.makeCase({ type: CaseType.Warn, targetId: world.alice.id, reason: "rude" });
    const channelId = world.guild.firstTextChannel().id;
    await world.app.container.resolve(MessageLogController).createMany(
      ["first words", "you are all wrong", "fine, whatever"].map((content, index) => ({
        guildId: world.guild.id,
        channelId,
        userId: world.alice.id,
        messageId: String(BigInt(kase.targetId) + BigInt(index + 1)),
        content,
      })),
    );
    const reply = await world.caseCommand(world.mod.id, "show", { number: kase.number });
    const recent = reply.embeds[2];
    expect(recent?.title).toBe("Recent messages");
    const lines = recent?.description?.split("\n") ?? [];
    expect(lines[0]).toBe(`<@${world.alice.id}>`);
    expect(lines.slice(1).map((line) => line.replace(/^<t:\d+:f> <#\d+> /, ""))).toEqual([
      "fine, whatever",
      "you are all wrong",
      "first words",
    ]);
  });

  it("refuses members without the permission or a moderator role", async () => {
    const reply = await world.caseCommand(world.alice.id, "show", { number: 1 });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(
      "You need the Timeout Members permission or a moderator role to use /case show.",
    );
    const cases = await world.run(world.alice.id, "cases", { subcommand: "list" });
    expect(cases.content).toMatch(/^You need the Timeout Members permission/);
    const history = await world.run(world.alice.id, "history", { options: { user: world.bob.id } });
    expect(history.content).toMatch(/^You need the Timeout Members permission/);
  });

  it("answers an unknown case number, and another guild's case number, with not found", async () => {
    const kase = await world.makeCase();
    const unknown = await world.caseCommand(world.mod.id, "show", { number: 9999 });
    expect(unknown).toMatchObject({ content: "Case #9999 not found.", ephemeral: true });
    const elsewhere = await world.addGuild("Elsewhere");
    for (const [subcommand, options] of [
      ["show", { number: kase.number }],
      ["reason", { number: kase.number, reason: "mine now" }],
      ["delete", { number: kase.number, reason: "mine now" }],
      ["link", { number: kase.number + 1, refers_to: kase.number }],
    ] as const) {
      const reply = await world.caseCommand(world.mod.id, subcommand, options, elsewhere);
      expect(reply.content).toBe(`Case #${kase.number} not found.`);
    }
    expect((await cases.getByNumberOrFail(world.guild.id, kase.number)).reason).toBe(kase.reason);
  });

  it("edits a reason, keeps the old one in the history, and edits the mod-log message in place", async () => {
    const modLog = world.guild.createChannel({ name: "mod-log" });
    await world.app.container
      .resolve(GuildConfigController)
      .update(world.guild.id, { modLogChannelId: modLog.id });
    const kase = await world.makeCase({ type: CaseType.Warn, reason: "rude" });
    await world.app.container.resolve(ModLog).publish(world.app.bot.client, kase);
    expect(modLog.messages).toHaveLength(1);
    const posted = modLog.messages[0];

    const reply = await world.caseCommand(world.mod.id, "reason", {
      number: kase.number,
      reason: "very rude",
    });
    expect(reply.content).toBe(`Updated the reason of case #${kase.number}.`);
    expect(field(reply.embeds[0], "Reason")).toBe("very rude");
    expect(modLog.messages).toHaveLength(1);
    expect(modLog.messages[0]?.id).toBe(posted?.id);
    expect(modLog.messages[0]?.editedAt).not.toBeNull();
    expect(field(modLog.messages[0]?.embeds[0], "Reason")).toBe("very rude");
    const history = await cases.history(kase.id);
    expect(history.map((edit) => [edit.field, edit.before, edit.after, edit.editorId])).toEqual([
      ["reason", "rude", "very rude", world.mod.id],
    ]);
    await world.app.container
      .resolve(GuildConfigController)
      .update(world.guild.id, { modLogChannelId: null });
  });

  it("refuses a reason over 2,000 characters and accepts one of exactly 2,000", async () => {
    const kase = await world.makeCase({ reason: "short" });
    const tooLong = await world.caseCommand(world.mod.id, "reason", {
      number: kase.number,
      reason: "x".repeat(MAX_REASON_LENGTH + 1),
    });
    expect(tooLong.ephemeral).toBe(true);
    expect(tooLong.content).toBe("That didn't work:\n• `reason`: must be at most 2,000 characters");
    expect((await cases.getByNumberOrFail(world.guild.id, kase.number)).reason).toBe("short");
    const longest = "y".repeat(MAX_REASON_LENGTH);
    await world.caseCommand(world.mod.id, "reason", { number: kase.number, reason: longest });
    expect((await cases.getByNumberOrFail(world.guild.id, kase.number)).reason).toBe(longest);
  });

  it("deletes softly: hidden from lists, shown as deleted, its reason locked, the history kept", async () => {
    const kase = await world.makeCase({ targetId: world.bob.id, type: CaseType.Kick, reason: "raid" });
    const reply = await world.caseCommand(world.mod.id, "delete", {
      number: kase.number,
      reason: "wrong user",
    });
    expect(reply.content).toBe(`Deleted case #${kase.number}. It stays on record with its history.`);

    const listed = await world.run(world.mod.id, "cases", {
      subcommand: "list",
      options: { user: world.bob.id },
    });
    expect(listed.content).toBe("No cases match.");
    const shown = await world.caseCommand(world.mod.id, "show", { number: kase.number });
    expect(shown.embeds[0]?.title).toBe(`Kick | Case #${kase.number} (deleted)`);
    expect(shown.embeds[0]?.fields?.find((field) => field.name === "Reason")?.value).toBe("raid");
    const lines = shown.embeds[1]?.description?.split("\n") ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`<@${world.mod.id}> deleted the case: “wrong user”$`));

    const edit = await world.caseCommand(world.mod.id, "reason", { number: kase.number, reason: "oops" });
    expect(edit).toMatchObject({
      content: `Case #${kase.number} is deleted; its reason can no longer be changed.`,
      ephemeral: true,
    });
    const again = await world.caseCommand(world.mod.id, "delete", { number: kase.number, reason: "again" });
    expect(again.content).toBe(`Case #${kase.number} is already deleted.`);
    expect(await cases.history(kase.id)).toHaveLength(1);
    expect((await cases.getByNumberOrFail(world.guild.id, kase.number)).reason).toBe("raid");
  });

  it("links a case to an earlier one, and refuses later or missing ones", async () => {
    const earlier = await world.makeCase({ reason: "first offence" });
    const later = await world.makeCase({ reason: "second offence" });
    const reply = await world.caseCommand(world.mod.id, "link", {
      number: later.number,
      refers_to: earlier.number,
    });
    expect(reply.content).toBe(`Case #${later.number} now refers to case #${earlier.number}.`);
    const shown = await world.caseCommand(world.mod.id, "show", { number: later.number });
    expect(field(shown.embeds[0], "Refers to")).toBe(`Case #${earlier.number}`);
    expect(shown.embeds[1]?.description).toMatch(new RegExp(`linked it to case #${earlier.number}$`));

    const forward = await world.caseCommand(world.mod.id, "link", {
      number: earlier.number,
      refers_to: later.number,
    });
    expect(forward.content).toBe(
      `That didn't work:\n• \`refers_to\`: must be an earlier case than #${earlier.number}`,
    );
    const missing = await world.caseCommand(world.mod.id, "link", {
      number: 9998,
      refers_to: earlier.number,
    });
    expect(missing.content).toBe("Case #9998 not found.");
  });

  it("/history counts a member's cases by kind and lists the latest ten", async () => {
    const target = world.sim.createUser({ username: "repeat" });
    world.guild.addMember(target.id);
    for (let index = 0; index < 12; index += 1) {
      await world.makeCase({ targetId: target.id, type: index < 9 ? CaseType.Warn : CaseType.Timeout });
    }
    const voided = await world.makeCase({ targetId: target.id, type: CaseType.Ban });
    await cases.void(world.guild.id, voided.number, world.mod.id);
    const reply = await world.run(world.mod.id, "history", { options: { user: target.id } });
    expect(reply.ephemeral).toBe(true);
    const lines = reply.embeds[0]?.description?.split("\n") ?? [];
    expect(lines[0]).toBe(`<@${target.id}> · 12 cases`);
    expect(lines[1]).toBe("Warning: 9 · Timeout: 3");
    const numbers = listedNumbers(reply);
    expect(numbers).toHaveLength(10);
    expect(numbers[0]).toBe(voided.number - 1);
    expect(reply.embeds[0]?.footer?.text).toBe("Older cases: /cases list with this member");

    const nobody = await world.run(world.mod.id, "history", { options: { user: world.otherMod.id } });
    expect(nobody.embeds[0]?.description).toBe(`<@${world.otherMod.id}> has no cases.`);
  });
});
