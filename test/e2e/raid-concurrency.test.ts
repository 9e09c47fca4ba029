import { PermissionFlagsBits } from "discord.js";
import { eventually } from "../support/eventually";
import { TwoBotProcesses } from "../support/two-bot-processes";

const DATABASE = `warden_e2e_raid_concurrency_w${process.env.JEST_WORKER_ID ?? "0"}`;
const ATTEMPTS = 10;

/** `/raid start` and `/raid end` sent at once to two bot processes: one raid, one start, one end. */
describe("raid mode across two bot processes", () => {
  let bots: TwoBotProcesses;

  beforeAll(async () => {
    bots = await TwoBotProcesses.create(DATABASE);
  });
  afterAll(() => bots?.stop());

  it("starts one raid and ends it once however many moderators ask at once", async () => {
    const { sim } = bots;
    const guild = sim.createGuild({ name: "Raided twice" });
    const modLog = guild.createChannel({ name: "mod-log" });
    const chat = guild.createChannel({ name: "chat" });
    await bots.launch(["raid", "config"]);
    const owner = guild.ownerId;
    const config = (group: string | undefined, subcommand: string, channel: string) =>
      sim
        .command({
          guildId: guild.id,
          userId: owner,
          name: "config",
          ...(group ? { group } : {}),
          subcommand,
          options: { channel },
        })
        .answer();
    expect((await config(undefined, "modlog", modLog.id)).content).toMatch(/mod-log|<#/);
    expect((await config("lockdown-channels", "add", chat.id)).content).toMatch(/will be locked/);
    const raid = (subcommand: string) => () =>
      sim.command({ guildId: guild.id, userId: owner, channelId: modLog.id, name: "raid", subcommand });
    const locked = () =>
      chat.permissionOverwrites.some(
        (overwrite) =>
          overwrite.id === guild.id && (overwrite.deny & PermissionFlagsBits.SendMessages) !== 0n,
      );

    const starts = await bots.paced(ATTEMPTS, raid("start"));
    expect(starts.filter((reply) => /^Raid mode is on \(raid #\d+\)/.test(reply.content))).toHaveLength(1);
    expect(starts.filter((reply) => /^Raid mode is already on/.test(reply.content))).toHaveLength(
      ATTEMPTS - 1,
    );
    expect(bots.handled().every((count) => count > 0)).toBe(true);
    expect(await bots.query("SELECT id FROM raids WHERE guild_id = $1", [guild.id])).toHaveLength(1);
    expect(locked()).toBe(true);

    const ends = await bots.paced(ATTEMPTS, raid("end"));
    expect(ends.filter((reply) => /^Raid mode is off \(raid #\d+\)/.test(reply.content))).toHaveLength(1);
    expect(ends.filter((reply) => reply.content === "Raid mode is not on.")).toHaveLength(ATTEMPTS - 1);
    expect(locked()).toBe(false);
    await eventually(() => modLog.messages.some((message) => /^Raid mode off/.test(message.content)), 10_000);
    const alerts = (pattern: RegExp) => modLog.messages.filter((message) => pattern.test(message.content));
    expect(alerts(/^🚨 Raid mode on/)).toHaveLength(1);
    expect(alerts(/^Raid mode off/)).toHaveLength(1);
  });
});
