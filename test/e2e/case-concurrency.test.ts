import { PermissionFlagsBits } from "discord.js";
import { TwoBotProcesses } from "../support/two-bot-processes";

const DATABASE = `warden_e2e_concurrency_w${process.env.JEST_WORKER_ID ?? "0"}`;
const WARNINGS = 500;
const MODERATORS = 10;
const TARGETS = 25;

/**
 * 10 moderators send 500 /warn to one guild, served by two bot processes on one database. Case numbers
 * must come out 1..500, every interaction answered, whatever the interleaving.
 */
describe("case numbers across two bot processes", () => {
  let bots: TwoBotProcesses;

  beforeAll(async () => {
    bots = await TwoBotProcesses.create(DATABASE);
  });
  afterAll(() => bots?.stop());

  it("numbers 500 concurrent warnings 1..500 with no gap or duplicate, and answers all of them", async () => {
    const { sim } = bots;
    const guild = sim.createGuild({ name: "Busy" });
    const mods = guild.createRole({
      name: "Mods",
      position: 5,
      permissions: PermissionFlagsBits.ModerateMembers,
    });
    const moderators = Array.from({ length: MODERATORS }, (_, index) => {
      const user = sim.createUser({ username: `mod${index}` });
      guild.addMember(user.id, { roles: [mods.id] });
      return user;
    });
    const targets = Array.from({ length: TARGETS }, (_, index) => {
      const user = sim.createUser({ username: `member${index}`, dmsClosed: index % 2 === 0 });
      guild.addMember(user.id);
      return user;
    });
    await bots.launch(["warn"]);

    const replies = await bots.paced(WARNINGS, (index) =>
      sim.command({
        guildId: guild.id,
        userId: moderators[index % MODERATORS]?.id ?? "",
        name: "warn",
        options: { user: targets[index % TARGETS]?.id ?? "", reason: `warning ${index}` },
      }),
    );
    const unexpected = replies.filter(
      (reply) => !/^Warned \*\*member\d+\*\* \(case #\d+\)\./.test(reply.content),
    );
    if (unexpected.length > 0) process.stderr.write(`${bots.problems().slice(0, 5).join("\n")}\n`);
    expect(unexpected.map((reply) => reply.content).slice(0, 3)).toEqual([]);
    const numbersInReplies = replies.map((reply) => Number(/case #(\d+)/.exec(reply.content)?.[1]));
    expect(new Set(numbersInReplies).size).toBe(WARNINGS);

    const rows = await bots.query<{ number: number }>(
      "SELECT number FROM cases WHERE guild_id = $1 ORDER BY number",
      [guild.id],
    );
    expect(rows.map((row) => row.number)).toEqual(Array.from({ length: WARNINGS }, (_, index) => index + 1));
    const handled = bots.handled();
    expect(handled.every((count) => count > 0)).toBe(true);
    expect(handled.reduce((sum, count) => sum + count, 0)).toBe(WARNINGS);
  });
});
