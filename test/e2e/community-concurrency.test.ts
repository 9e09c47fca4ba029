import { PermissionFlagsBits } from "discord.js";
import type { SimGuild } from "../../simulator";
import { TwoBotProcesses } from "../support/two-bot-processes";

const DATABASE = `warden_e2e_community_concurrency_w${process.env.JEST_WORKER_ID ?? "0"}`;
const INCREMENTS = 500;
const TAG_USES = 200;
const MEMBERS = 10;

/**
 * Variables and tags under load from two bot processes on one database (the simulator hands the guild's
 * interactions to each process in turn): every increment and every use must count exactly once.
 */
describe("variables and tags across two bot processes", () => {
  let bots: TwoBotProcesses;
  let guild: SimGuild;
  let memberIds: string[];

  beforeAll(async () => {
    bots = await TwoBotProcesses.create(DATABASE);
    guild = bots.sim.createGuild({ name: "Busy" });
    const admins = guild.createRole({ name: "Admins", permissions: PermissionFlagsBits.ManageGuild });
    memberIds = Array.from({ length: MEMBERS }, (_, index) => {
      const user = bots.sim.createUser({ username: `member${index}` });
      guild.addMember(user.id, { roles: [admins.id] });
      return user.id;
    });
    await bots.launch(["var", "tag"]);
  });
  afterAll(() => bots?.stop());

  /** Sends `count` commands at full tilt from the members in turn, and awaits every answer. */
  function burst(count: number, subcommand: string, name: string, options: Record<string, string>) {
    return bots.paced(count, (index) =>
      bots.sim.command({
        guildId: guild.id,
        userId: memberIds[index % MEMBERS] ?? "",
        name,
        subcommand,
        options,
      }),
    );
  }

  it("counts 500 simultaneous /var incr of one variable exactly", async () => {
    const replies = await burst(INCREMENTS, "incr", "var", { name: "hits" });
    const values = replies.map((reply) => Number(/^`hits` is now (\d+)\.$/.exec(reply.content)?.[1]));
    expect(
      replies.filter((reply) => !/^`hits` is now \d+\.$/.test(reply.content)).map((r) => r.content),
    ).toEqual([]);
    expect(new Set(values).size).toBe(INCREMENTS);
    const rows = await bots.query<{ value: number; type: string }>(
      "SELECT value, type FROM variables WHERE guild_id = $1 AND name = 'hits'",
      [guild.id],
    );
    expect(rows).toEqual([{ value: INCREMENTS, type: "integer" }]);
  });

  it("counts 200 simultaneous /tag use exactly", async () => {
    const created = await bots.sim
      .command({
        guildId: guild.id,
        userId: memberIds[0] ?? "",
        name: "tag",
        subcommand: "create",
        options: { name: "Hello", response: "hello #{count}" },
      })
      .answer();
    expect(created.content).toBe("Created the tag `Hello`.");
    const replies = await burst(TAG_USES, "use", "tag", { name: "hello" });
    expect(replies.filter((reply) => !/^hello #\d+$/.test(reply.content)).map((r) => r.content)).toEqual([]);
    expect(new Set(replies.map((reply) => reply.content)).size).toBe(TAG_USES);
    const rows = await bots.query<{ uses: number }>("SELECT uses FROM tags WHERE guild_id = $1", [guild.id]);
    expect(rows).toEqual([{ uses: TAG_USES }]);
    expect(bots.handled().every((count) => count > 0)).toBe(true);
  });
});
