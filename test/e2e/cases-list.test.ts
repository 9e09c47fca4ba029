import { CaseType } from "../../src/entities";
import type { SimGuild } from "../../simulator";
import { buttonOf, CasesWorld, listedNumbers } from "../support/cases-fixture";

const DATABASE = `warden_e2e_cases_list_w${process.env.JEST_WORKER_ID ?? "0"}`;
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, index) => from - index);

describe("/cases paging and case autocomplete end to end", () => {
  let world: CasesWorld;

  beforeAll(async () => {
    world = await CasesWorld.start(DATABASE);
    for (let index = 1; index <= 25; index += 1) await world.makeCase({ reason: `reason ${index}` });
  });
  afterAll(() => world?.stop());

  it("pages forward and back over 25 cases, showing the same rows both ways, in one message", async () => {
    const first = await world.run(world.mod.id, "cases", { subcommand: "list" });
    expect(first.ephemeral).toBe(true);
    expect(listedNumbers(first)).toEqual(range(25, 16));
    expect(first.embeds[0]?.footer?.text).toBe("Page 1 of 3 · 25 cases");
    expect(first.embeds[0]?.description?.split("\n")[0]).toMatch(
      new RegExp(`^#25 Warning · <@${world.alice.id}> · by <@${world.mod.id}> · <t:\\d+:R> · reason 25$`),
    );
    expect(buttonOf(first, "Previous")?.disabled).toBe(true);
    expect(first.allowedMentions).toEqual({ parse: [], users: [], roles: [] });

    const second = await world.press(world.mod.id, first, "Next");
    expect(second.id).toBe(first.id);
    expect(listedNumbers(second)).toEqual(range(15, 6));
    const third = await world.press(world.mod.id, second, "Next");
    expect(listedNumbers(third)).toEqual(range(5, 1));
    expect(third.embeds[0]?.footer?.text).toBe("Page 3 of 3 · 25 cases");
    expect(buttonOf(third, "Next")?.disabled).toBe(true);

    const backToSecond = await world.press(world.mod.id, third, "Previous");
    expect(listedNumbers(backToSecond)).toEqual(range(15, 6));
    expect(backToSecond.embeds[0]?.footer?.text).toBe("Page 2 of 3 · 25 cases");
    const backToFirst = await world.press(world.mod.id, backToSecond, "Previous");
    expect(listedNumbers(backToFirst)).toEqual(range(25, 16));
    expect(buttonOf(backToFirst, "Previous")?.disabled).toBe(true);
    // Private to the moderator: nothing was posted in the channel, every page was an edit of the one reply.
    expect(world.guild.firstTextChannel().messages.filter((message) => message.id === first.id)).toEqual([]);
    expect(backToFirst.id).toBe(first.id);
  });

  it("filters by member, moderator and kind, and keeps every custom id under 100 characters", async () => {
    const guild = await world.addGuild("Filters");
    const wanted = {
      targetId: world.bob.id,
      moderatorId: world.otherMod.id,
      type: CaseType.Ban,
      guildId: guild.id,
    };
    for (let index = 0; index < 12; index += 1) await world.makeCase(wanted);
    await world.makeCase({ ...wanted, type: CaseType.Kick });
    await world.makeCase({ ...wanted, targetId: world.alice.id });
    await world.makeCase({ ...wanted, moderatorId: world.mod.id });
    const options = { user: world.bob.id, moderator: world.otherMod.id, type: CaseType.Ban };
    const first = await world.run(world.mod.id, "cases", { subcommand: "list", options }, guild);
    expect(first.embeds[0]?.footer?.text).toBe("Page 1 of 2 · 12 cases");
    expect(first.embeds[0]?.description?.split("\n")[0]).toBe(
      `Member <@${world.bob.id}> · Moderator <@${world.otherMod.id}> · Kind: Ban`,
    );
    for (const label of ["Previous", "Next"]) {
      expect(buttonOf(first, label)?.custom_id?.length).toBeLessThanOrEqual(100);
    }
    const second = await world.press(world.mod.id, first, "Next", guild);
    expect(listedNumbers(second)).toEqual(range(2, 1));
    expect(second.embeds[0]?.footer?.text).toBe("Page 2 of 2 · 12 cases");
  });

  it("says so when nothing matches", async () => {
    const reply = await world.run(world.mod.id, "cases", {
      subcommand: "list",
      options: { type: CaseType.Softban },
    });
    expect(reply.content).toBe("No cases match.");
    expect(reply.components).toEqual([]);
  });

  it("lets only the person who ran /cases page, and only for ten minutes", async () => {
    const list = await world.run(world.mod.id, "cases", { subcommand: "list" });
    const press = world.sim.button({
      guildId: world.guild.id,
      userId: world.otherMod.id,
      customId: buttonOf(list, "Next")?.custom_id ?? "",
      messageId: list.id,
    });
    expect(await press.answer()).toMatchObject({
      content: "Only the person who ran /cases list can use these buttons.",
      ephemeral: true,
    });
    // Answered with a new private message (4), not an update (7) of the moderator's list.
    expect((await press.callback()).type).toBe(4);

    world.clock.advance(9 * 60 * 1000);
    const fresh = await world.press(world.mod.id, list, "Next");
    expect(listedNumbers(fresh)).toEqual(range(15, 6));
    world.clock.advance(10 * 60 * 1000 + 1000);
    const expired = await world.press(world.mod.id, fresh, "Next");
    expect(expired).toMatchObject({
      content: "These buttons have expired; run /cases list again.",
      ephemeral: true,
    });
  });

  it("re-checks the presser's permission on every press: a moderator demoted meanwhile can't page", async () => {
    const list = await world.run(world.mod.id, "cases", { subcommand: "list" });
    const roles = world.guild.member(world.mod.id).roles;
    world.guild.updateMember(world.mod.id, (member) => (member.roles = []));
    try {
      expect(await world.press(world.mod.id, list, "Next")).toMatchObject({
        content: "You need the Timeout Members permission or a moderator role to use /cases list.",
        ephemeral: true,
      });
    } finally {
      world.guild.updateMember(world.mod.id, (member) => (member.roles = roles));
    }
    expect(listedNumbers(await world.press(world.mod.id, list, "Next"))).toEqual(range(15, 6));
  });

  it("refuses a forged or edited custom id before reading its state", async () => {
    const list = await world.run(world.mod.id, "cases", { subcommand: "list" });
    const genuine = buttonOf(list, "Next")?.custom_id ?? "";
    const unsigned = genuine.slice(0, genuine.lastIndexOf("~"));
    const asOtherMod = unsigned.replace(
      BigInt(world.mod.id).toString(36),
      BigInt(world.otherMod.id).toString(36),
    );
    const forgeries = [
      unsigned, // signature dropped
      `${asOtherMod}${genuine.slice(genuine.lastIndexOf("~"))}`, // state edited, old signature kept
      `${asOtherMod}~AAAAAAAAAAAAAAAA`, // a made-up signature
    ];
    for (const customId of forgeries) {
      const reply = await world.sim
        .button({ guildId: world.guild.id, userId: world.otherMod.id, customId, messageId: list.id })
        .answer();
      expect(reply).toMatchObject({
        content: "That no longer works; run the command again.",
        ephemeral: true,
      });
    }
  });

  describe("autocomplete on the case number", () => {
    let guild: SimGuild;

    beforeAll(async () => {
      guild = await world.addGuild("Autocomplete");
      for (let index = 1; index <= 30; index += 1) {
        const bobs = index % 10 === 0;
        await world.makeCase({
          guildId: guild.id,
          targetId: bobs ? world.bob.id : world.alice.id,
          targetName: bobs ? "bob" : "alice",
          type: bobs ? CaseType.Ban : CaseType.Warn,
          reason: index === 7 ? "spamming links in every channel, again and again, ".repeat(3) : "rude",
        });
      }
    });

    it("offers at most 25 cases, newest first, labelled with kind, member and reason", async () => {
      const reply = await world.autocomplete(world.mod.id, "show", "", guild);
      expect(reply.choices).toHaveLength(25);
      expect(reply.choices?.map((choice) => choice.value)).toEqual(range(30, 6));
      expect(reply.choices?.[0]).toEqual({ name: "#30 Ban — bob: rude", value: 30 });
      const seventh = reply.choices?.find((choice) => choice.value === 7);
      expect(seventh?.name.length).toBeLessThanOrEqual(100);
      expect(seventh?.name).toMatch(
        /^#7 Warning — alice: spamming links in every channel, again and again,.*…$/,
      );
    });

    it("filters by the start of the number, by the member's name, and by reason text", async () => {
      const byNumber = await world.autocomplete(world.mod.id, "reason", "2", guild);
      expect(byNumber.choices?.map((choice) => choice.value)).toEqual([
        2, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20,
      ]);
      const byName = await world.autocomplete(world.mod.id, "delete", "bo", guild);
      expect(byName.choices?.map((choice) => choice.value)).toEqual([30, 20, 10]);
      const byReason = await world.autocomplete(world.mod.id, "show", "LINKS", guild);
      expect(byReason.choices?.map((choice) => choice.value)).toEqual([7]);
    });

    it("finds a case made with /warn by the member's name, which the case recorded", async () => {
      const carol = world.sim.createUser({ username: "Caroline" });
      guild.addMember(carol.id);
      const warned = await world.run(
        world.mod.id,
        "warn",
        { options: { user: carol.id, reason: "loud" } },
        guild,
      );
      expect(warned.content).toMatch(/case #31/);
      const byName = await world.autocomplete(world.mod.id, "show", "caro", guild);
      expect(byName.choices).toEqual([{ name: "#31 Warning — Caroline: loud", value: 31 }]);
    });

    it("suggests nothing to members who may not use /case", async () => {
      const reply = await world.autocomplete(world.alice.id, "show", "", guild);
      expect(reply.choices).toEqual([]);
    });
  });
});
