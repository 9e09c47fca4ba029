import { once } from "node:events";
import { DiscordjsErrorCodes, Events, GatewayIntentBits, GatewayOpcodes } from "discord.js";
import WebSocket from "ws";
import { DiscordSimulator, guildIdForShard } from "../../../simulator";
import { Clients, nextEvent } from "./helpers";

/** Opens a raw gateway socket and collects its JSON payloads. */
async function rawGateway(sim: DiscordSimulator): Promise<{ socket: WebSocket; payloads: unknown[] }> {
  const socket = new WebSocket(`${sim.gatewayUrl}/?v=10&encoding=json`);
  const payloads: unknown[] = [];
  socket.on("message", (data: Buffer) => payloads.push(JSON.parse(data.toString())));
  await once(socket, "open");
  return { socket, payloads };
}

jest.setTimeout(15_000);

describe("the simulator's gateway, driven by a real discord.js Client", () => {
  let sim: DiscordSimulator;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  it("logs in to clientReady with the guilds that existed before login", async () => {
    const guild = sim.createGuild({ name: "Before" });
    const client = await clients.ready(sim);
    expect(client.user.id).toBe(sim.botUser.id);
    const cached = client.guilds.cache.get(guild.id);
    expect(cached?.name).toBe("Before");
    expect(cached?.members.me?.roles.cache.map((role) => role.name)).toContain("Warden");
    expect(cached?.channels.cache.map((channel) => channel.name)).toEqual(["general"]);
    expect(sim.sessions).toEqual([
      expect.objectContaining({ shardId: 0, shardCount: 1, guildIds: [guild.id] }),
    ]);
    const application = await client.application.fetch();
    expect(application.owner?.id).toBe(sim.applicationOwner.id);
  });

  it("announces a guild created after login with guildCreate", async () => {
    const client = await clients.ready(sim);
    const created = nextEvent(client, Events.GuildCreate);
    const guild = sim.createGuild({ name: "After" });
    const [arrived] = await created;
    expect(arrived.id).toBe(guild.id);
    expect(arrived.memberCount).toBe(2);
  });

  it("rejects a bad token at login with TokenInvalid", async () => {
    const client = clients.create(sim);
    await expect(client.login("not-the-token")).rejects.toMatchObject({
      code: DiscordjsErrorCodes.TokenInvalid,
    });
    expect(sim.requests.filter("GET", "/gateway/bot")[0]?.status).toBe(401);
    expect(sim.sessions).toHaveLength(0);
  });

  it("closes the socket with 4004 when IDENTIFY carries a bad token", async () => {
    const { socket, payloads } = await rawGateway(sim);
    socket.send(
      JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: "wrong", intents: 1, properties: {} } }),
    );
    const [code] = (await once(socket, "close")) as [number];
    expect(code).toBe(4004);
    expect(payloads[0]).toMatchObject({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41250 } });
  });

  it("answers RESUME of an unknown session with INVALID_SESSION (not resumable)", async () => {
    const { socket, payloads } = await rawGateway(sim);
    socket.send(
      JSON.stringify({ op: GatewayOpcodes.Resume, d: { token: sim.token, session_id: "nope", seq: 3 } }),
    );
    await once(socket, "message");
    expect(payloads).toContainEqual({ op: GatewayOpcodes.InvalidSession, d: false });
    socket.close();
  });

  it("sends each guild to the shard that owns it when discord.js runs two shards", async () => {
    await sim.close();
    sim = await DiscordSimulator.start({ shardCount: 2 });
    const onZero = sim.createGuild({ id: guildIdForShard(0, 2) });
    const onOne = sim.createGuild({ id: guildIdForShard(1, 2) });
    const client = await clients.ready(sim, { shards: "auto" });
    expect(client.ws.shards.size).toBe(2);
    expect(client.guilds.cache.get(onZero.id)?.shardId).toBe(0);
    expect(client.guilds.cache.get(onOne.id)?.shardId).toBe(1);
    const byShard = Object.fromEntries(sim.sessions.map((session) => [session.shardId, session.guildIds]));
    expect(byShard).toEqual({ 0: [onZero.id], 1: [onOne.id] });
    expect(sim.sessions.every((session) => session.shardCount === 2)).toBe(true);
  });

  it("filters events by the intents sent in IDENTIFY", async () => {
    const guild = sim.createGuild();
    const client = await clients.ready(sim, { intents: [GatewayIntentBits.Guilds] });
    const memberEvents: string[] = [];
    client.on(Events.GuildMemberAdd, (member) => memberEvents.push(member.id));
    const channelCreated = nextEvent(client, Events.ChannelCreate);
    guild.addMember(sim.createUser().id);
    guild.createChannel({ name: "after-the-member" });
    await channelCreated;
    expect(memberEvents).toEqual([]);
  });

  it("hides message content from bots without the MessageContent intent, unless they are mentioned", async () => {
    const guild = sim.createGuild();
    const user = sim.createUser();
    guild.addMember(user.id);
    const client = await clients.ready(sim, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    });
    const channelId = guild.firstTextChannel().id;
    const plain = nextEvent(client, Events.MessageCreate);
    sim.postMessage({ channelId, userId: user.id, content: "secret" });
    expect((await plain)[0].content).toBe("");
    const mention = nextEvent(client, Events.MessageCreate);
    sim.postMessage({ channelId, userId: user.id, content: `<@${sim.botUser.id}> hello` });
    expect((await mention)[0].content).toBe(`<@${sim.botUser.id}> hello`);
  });

  it("answers REQUEST_GUILD_MEMBERS, so members.fetch() sees every member", async () => {
    const guild = sim.createGuild();
    const alice = sim.createUser({ username: "alice" });
    guild.addMember(alice.id);
    const client = await clients.ready(sim);
    const cached = client.guilds.cache.get(guild.id);
    expect(cached?.members.cache.size).toBe(1);
    const members = await cached?.members.fetch();
    expect(members?.map((member) => member.user.username).sort()).toEqual(
      ["Warden", "alice", "owner1"].sort(),
    );
  });

  it("lets discord.js RESUME after the socket drops, replaying what was sent meanwhile", async () => {
    const guild = sim.createGuild();
    const client = await clients.ready(sim);
    const resumed = nextEvent(client, Events.ShardResume);
    const joined = nextEvent(client, Events.GuildMemberAdd);
    sim.dropGateway();
    const newcomer = sim.createUser({ username: "newcomer" });
    guild.addMember(newcomer.id);
    await resumed;
    const [member] = await joined;
    expect(member.id).toBe(newcomer.id);
    expect(sim.sessions).toHaveLength(1);
    expect(sim.sessions[0]?.resumed).toBe(1);
    await sim.waitForShards(1);
  });

  it("forgets the session when the client is destroyed", async () => {
    sim.createGuild();
    const client = await clients.ready(sim);
    expect(sim.sessions).toHaveLength(1);
    await client.destroy();
    await expect(sim.waitForShards(1, 50)).rejects.toThrow(/1 ready gateway session/);
    expect(sim.sessions).toHaveLength(0);
  });
});
