import { Events } from "discord.js";
import { DiscordSimulator } from "../../../simulator";
import { eventually } from "../../support/eventually";
import { Clients } from "./helpers";

jest.setTimeout(15_000);

describe("the simulator's bulk world: many guilds of many members and channels", () => {
  let sim: DiscordSimulator;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  it("serves populated guilds at login: every guild with its channels, members counted", async () => {
    const guilds = sim.populate({ guilds: 40, membersPerGuild: 30, channelsPerGuild: 6 });
    const client = await clients.ready(sim);
    expect(client.guilds.cache.size).toBe(40);
    for (const guild of guilds) {
      const cached = client.guilds.cache.get(guild.id);
      expect(cached?.channels.cache.size).toBe(6);
      expect(cached?.memberCount).toBe(32); // the owner and the bot besides
      expect(cached?.members.me?.roles.cache.map((role) => role.name)).toContain("Warden");
    }
    expect(new Set(guilds.flatMap((guild) => [...guild.members.keys()])).size).toBe(40 * 31 + 1);
  });

  it("announces guilds populated after login with one guildCreate each, no member or channel events", async () => {
    const client = await clients.ready(sim);
    const seen: string[] = [];
    client.on(Events.GuildCreate, (guild) => seen.push(`guild:${guild.id}`));
    client.on(Events.GuildMemberAdd, (member) => seen.push(`member:${member.id}`));
    client.on(Events.ChannelCreate, (channel) => seen.push(`channel:${channel.id}`));
    const guilds = sim.populate({ guilds: 3, membersPerGuild: 5, channelsPerGuild: 2 });
    await eventually(() => seen.length >= 3, 3000, "three guildCreate");
    const message = new Promise((resolve) => client.once(Events.MessageCreate, resolve));
    const [first] = guilds;
    if (!first) throw new Error("no guild");
    const author = [...first.members.keys()].at(-1) ?? "";
    sim.postMessage({ channelId: first.firstTextChannel().id, userId: author, content: "hi" });
    await message;
    expect(seen).toEqual(guilds.map((guild) => `guild:${guild.id}`));
    expect(client.guilds.cache.get(first.id)?.channels.cache.size).toBe(2);
  });
});
