import { DiscordAPIError, Events, HTTPError, RESTEvents, type Client, type TextChannel } from "discord.js";
import { DiscordSimulator, type SimGuild } from "../../../simulator";
import { Clients } from "./helpers";

jest.setTimeout(15_000);

describe("fault injection and the request log", () => {
  let sim: DiscordSimulator;
  let client: Client<true>;
  let guild: SimGuild;
  let channel: TextChannel;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild();
    client = await clients.ready(sim);
    const cached = client.channels.cache.get(guild.firstTextChannel().id);
    if (!cached || !cached.isTextBased() || cached.isDMBased()) throw new Error("no text channel");
    channel = cached as TextChannel;
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  it("answers 429 with Retry-After; discord.js waits, retries and succeeds", async () => {
    const rateLimits: number[] = [];
    client.rest.on(RESTEvents.RateLimited, (info) => rateLimits.push(info.retryAfter));
    sim.faults.inject({
      method: "POST",
      path: "/channels/:channel/messages",
      status: 429,
      retryAfterSeconds: 0.2,
      times: 1,
    });
    const message = await channel.send("eventually");
    expect(message.content).toBe("eventually");
    const attempts = sim.requests.filter("POST", "/channels/:channel/messages");
    expect(attempts.map((request) => request.status)).toEqual([429, 200]);
    expect(rateLimits).toHaveLength(1);
    expect(guild.firstTextChannel().messages).toHaveLength(1);
  });

  it("surfaces a persistent 500 as an HTTPError after discord.js's retries", async () => {
    const remove = sim.faults.inject({ path: "/channels/:channel/messages", status: 500 });
    const failure = await channel.send("doomed").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HTTPError);
    expect(failure).toMatchObject({ status: 500 });
    expect(sim.requests.filter("POST", "/channels/:channel/messages").length).toBeGreaterThan(1);
    remove();
    await expect(channel.send("healed")).resolves.toMatchObject({ content: "healed" });
  });

  it("adds latency: a slowed request finishes after a later, fast one", async () => {
    sim.faults.inject({ method: "POST", path: "/channels/:channel/messages", latencyMs: 500, times: 1 });
    const slow = channel.send("slow");
    await client.rest.get("/users/@me");
    await slow;
    const order = sim.requests.all().map((request) => `${request.method} ${request.path}`);
    expect(order.indexOf("GET /users/@me")).toBeLessThan(
      order.indexOf(`POST /channels/${channel.id}/messages`),
    );
  });

  it("delays interaction callbacks without breaking the reply", async () => {
    const member = sim.createUser();
    guild.addMember(member.id);
    sim.faults.inject({ path: "/interactions/:id/:token/callback", latencyMs: 100 });
    client.once(Events.InteractionCreate, (interaction) => {
      if (interaction.isRepliable()) void interaction.reply("late but fine");
    });
    const handle = sim.command({ guildId: guild.id, userId: member.id, name: "ping" });
    expect((await handle.reply()).content).toBe("late but fine");
    const callback = await sim.requests.waitFor("POST", "/interactions/:id/:token/callback");
    expect(callback.at).toBeGreaterThan(handle.dispatchedAt);
  });

  it("logs routes it does not implement as 404 with code 0", async () => {
    const failure = await client.rest.get("/guilds/1/widget.json").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscordAPIError);
    expect(failure).toMatchObject({ status: 404, code: 0 });
    expect(sim.requests.filter("GET", "/guilds/:guild/widget.json")).toEqual([
      expect.objectContaining({ status: 404, path: "/guilds/1/widget.json" }),
    ]);
  });

  it("rejects REST calls with a wrong token (401) and records request details", async () => {
    const response = await fetch(`${sim.apiUrl}/v10/users/@me`, { headers: { authorization: "Bot wrong" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "401: Unauthorized", code: 0 });
    const recorded = await sim.requests.waitFor("GET", /^\/users\/@me$/, { count: 1 });
    expect(recorded.headers.authorization).toBe("Bot wrong");
    await expect(sim.requests.waitFor("DELETE", "/users/@me", { timeoutMs: 20 })).rejects.toThrow(
      /request #1 DELETE \/users\/@me/,
    );
  });
});
