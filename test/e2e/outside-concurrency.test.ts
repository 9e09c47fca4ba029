import { PermissionFlagsBits } from "discord.js";
import { eventually } from "../support/eventually";
import { TwoBotProcesses } from "../support/two-bot-processes";

const DATABASE = `warden_e2e_outside_concurrency_w${process.env.JEST_WORKER_ID ?? "0"}`;
const EVENTS = 100;
const AUTOMOD_EVENTS = 20;

/**
 * The bar of issue 14: kicks, timeouts and unbans made by hand reach both bot processes (each owns the
 * guild, so each hears every audit-log entry); 100 such actions must come out as exactly 100 cases.
 */
describe("actions taken outside Warden across two bot processes", () => {
  let bots: TwoBotProcesses;

  beforeAll(async () => {
    bots = await TwoBotProcesses.create(DATABASE);
  });
  afterAll(() => bots?.stop());

  it("records 100 kicks, timeouts and unbans (and 20 AutoMod blocks) heard by both processes exactly once", async () => {
    const { sim } = bots;
    const guild = sim.createGuild({ name: "Busy outside" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions:
        PermissionFlagsBits.ModerateMembers |
        PermissionFlagsBits.KickMembers |
        PermissionFlagsBits.BanMembers,
    });
    const mod = sim.createUser({ username: "mod" });
    guild.addMember(mod.id, { roles: [mods.id] });
    const targets = Array.from({ length: EVENTS }, (_, index) => {
      const user = sim.createUser({ username: `member${index}` });
      // Every third one is banned before the bots start (no event then), to be unbanned by hand.
      if (index % 3 === 2) guild.bans.set(user.id, { userId: user.id, reason: "earlier" });
      else guild.addMember(user.id);
      return user;
    });
    const warden = [...guild.roles.values()].find((role) => role.name === "Warden");
    if (!warden) throw new Error("no bot role");
    warden.permissions |= PermissionFlagsBits.ManageGuild; // AutoMod's events go only to such bots
    const rule = sim.createAutoModRule({ guildId: guild.id, name: "Spam" });
    const spammers = Array.from({ length: AUTOMOD_EVENTS }, (_, index) => {
      const user = sim.createUser({ username: `spammer${index}` });
      guild.addMember(user.id);
      return user;
    });
    await bots.launch(["warn"]);

    const actions = { guildId: guild.id, actorId: mod.id };
    const until = new Date(Date.now() + 3_600_000);
    for (const [index, target] of targets.entries()) {
      const userId = target.id;
      if (index % 3 === 0) sim.kickAs({ ...actions, userId, reason: `kick ${index}` });
      else if (index % 3 === 1) sim.timeoutAs({ ...actions, userId, until, reason: `timeout ${index}` });
      else sim.unbanAs({ ...actions, userId, reason: `unban ${index}` });
      if (index % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 20));
    }

    for (const [index, spammer] of spammers.entries()) {
      const keyword = `word${index}`;
      const userId = spammer.id;
      sim.autoModAction({
        guildId: guild.id,
        ruleId: rule.id,
        userId,
        action: "block",
        content: keyword,
        matchedKeyword: keyword,
      });
    }

    // Each process settles each entry and AutoMod action: it records it, or finds it on record.
    const settled = () =>
      bots.processes.map(
        (main) => main.count("recorded an outside action") + main.count("outside action already on record"),
      );
    const total = EVENTS + AUTOMOD_EVENTS;
    await eventually(() => settled().every((count) => count === total), 60_000, "both processes settling");
    const rows = await bots.query<{ type: string; n: number; entries: number }>(
      `SELECT type::text AS type, count(*)::int AS n, count(DISTINCT audit_entry_id)::int AS entries
         FROM cases WHERE guild_id = $1 GROUP BY type ORDER BY type`,
      [guild.id],
    );
    expect(rows).toEqual([
      { type: "kick", n: 34, entries: 34 },
      { type: "note", n: AUTOMOD_EVENTS, entries: 0 },
      { type: "timeout", n: 33, entries: 33 },
      { type: "unban", n: 33, entries: 33 },
    ]);
    const numbers = await bots.query<{ number: number }>(
      "SELECT number FROM cases WHERE guild_id = $1 ORDER BY number",
      [guild.id],
    );
    expect(numbers.map((row) => row.number)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Between them the processes recorded each action once, and found it on record the other time.
    const recorded = bots.processes.map((main) => main.count("recorded an outside action"));
    expect(recorded.reduce((sum, count) => sum + count, 0)).toBe(total);
    expect(bots.problems().filter((line) => line.includes("outside"))).toEqual([]);
  });
});
