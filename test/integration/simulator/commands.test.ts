import { ApplicationCommandOptionType, DiscordAPIError, Events, type Client } from "discord.js";
import { DiscordSimulator } from "../../../simulator";
import { Clients, nextEvent } from "./helpers";

jest.setTimeout(15_000);

describe("application command registration", () => {
  let sim: DiscordSimulator;
  let client: Client<true>;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    client = await clients.ready(sim);
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  it("stores a bulk overwrite, keeping ids of unchanged names and versions of unchanged commands", async () => {
    const first = await client.application.commands.set([
      { name: "ping", description: "Ping" },
      {
        name: "ban",
        description: "Ban",
        options: [
          { type: ApplicationCommandOptionType.User, name: "user", description: "who", required: true },
        ],
      },
    ]);
    const pingId = first.find((command) => command.name === "ping")?.id;
    const second = await client.application.commands.set([{ name: "ping", description: "Ping again" }]);
    expect(second.map((command) => [command.name, command.id])).toEqual([["ping", pingId]]);
    expect(sim.registeredCommands()).toEqual([
      expect.objectContaining({
        id: pingId,
        name: "ping",
        description: "Ping again",
        application_id: sim.application.id,
      }),
    ]);
    const version = sim.registeredCommands()[0]?.version;
    await client.application.commands.set([{ name: "ping", description: "Ping again" }]);
    expect(sim.registeredCommands()[0]?.version).toBe(version);
    await client.application.commands.set([{ name: "ping", description: "Ping, third wording" }]);
    expect(sim.registeredCommands()[0]?.version).not.toBe(version);
    const fetched = await client.application.commands.fetch();
    expect([...fetched.keys()]).toEqual([pingId]);
  });

  it("keeps guild commands apart from global ones", async () => {
    const joined = nextEvent(client, Events.GuildCreate);
    const guild = sim.createGuild();
    const [cached] = await joined;
    await cached.commands.set([{ name: "local", description: "Guild only" }]);
    expect(sim.registeredCommands(guild.id).map((command) => command.name)).toEqual(["local"]);
    expect(sim.registeredCommands()).toEqual([]);
    const created = await client.application.commands.create({ name: "global", description: "Everywhere" });
    await client.application.commands.delete(created.id);
    expect(sim.registeredCommands()).toEqual([]);
  });

  it("rejects definitions Discord would reject (50035)", async () => {
    const failure = await client.application.commands
      .set([{ name: "Bad Name", description: "upper case and a space" }])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscordAPIError);
    expect(failure).toMatchObject({ code: 50035, status: 400 });
    const misordered = client.application.commands.set([
      {
        name: "order",
        description: "required after optional",
        options: [
          { type: ApplicationCommandOptionType.String, name: "a", description: "a" },
          { type: ApplicationCommandOptionType.String, name: "b", description: "b", required: true },
        ],
      },
    ]);
    await expect(misordered).rejects.toMatchObject({ code: 50035 });
  });
});
