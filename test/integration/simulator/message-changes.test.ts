import { AuditLogEvent, Events, GatewayIntentBits, Partials, type Client } from "discord.js";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../../simulator";
import { ALL_TEST_INTENTS, Clients, nextEvent } from "./helpers";

jest.setTimeout(15_000);

describe("members editing and deleting messages, and changing nicknames, in the simulator", () => {
  let sim: DiscordSimulator;
  let client: Client<true>;
  let guild: SimGuild;
  let alice: SimUser;
  const clients = new Clients();

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Chatty" });
    alice = sim.createUser({ username: "alice" });
    guild.addMember(alice.id);
    client = await clients.ready(sim, {
      intents: [...ALL_TEST_INTENTS, GatewayIntentBits.MessageContent],
      partials: [Partials.Message, Partials.GuildMember, Partials.User],
    });
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  const history = (count: number) =>
    sim.seedHistory(
      guild.firstTextChannel().id,
      Array.from({ length: count }, (_, index) => ({
        authorId: alice.id,
        content: `m${index}`,
        at: Date.now(),
      })),
    );

  it("editMessage sends MESSAGE_UPDATE with the new text and an edit time", async () => {
    const [message] = history(1);
    if (!message) throw new Error("no message");
    const updated = nextEvent(client, Events.MessageUpdate);
    sim.editMessage(message.id, "changed");
    const [, after] = await updated;
    expect(after.id).toBe(message.id);
    expect(after.content).toBe("changed");
    expect(after.editedTimestamp).not.toBeNull();
    expect(after.author?.id).toBe(alice.id);
  });

  it("deleteMessage sends MESSAGE_DELETE and removes the message", async () => {
    const [message] = history(1);
    if (!message) throw new Error("no message");
    const deleted = nextEvent(client, Events.MessageDelete);
    sim.deleteMessage(message.id);
    expect((await deleted)[0].id).toBe(message.id);
    expect(guild.firstTextChannel().messages).toHaveLength(0);
  });

  it("deleteMessages sends one MESSAGE_DELETE_BULK for all of them", async () => {
    const messages = history(3);
    const deleted = nextEvent(client, Events.MessageBulkDelete);
    sim.deleteMessages(
      guild.firstTextChannel().id,
      messages.map((message) => message.id),
    );
    const [gone] = await deleted;
    expect([...gone.keys()].sort()).toEqual(messages.map((message) => message.id).sort());
    expect(guild.firstTextChannel().messages).toHaveLength(0);
  });

  it("nicknameAs changes the nickname with a MEMBER_UPDATE audit entry naming who did it", async () => {
    const audited = nextEvent(client, Events.GuildAuditLogEntryCreate);
    sim.nicknameAs({ guildId: guild.id, actorId: guild.ownerId, userId: alice.id, nick: "Ally" });
    const [entry] = await audited;
    expect(entry.action).toBe(AuditLogEvent.MemberUpdate);
    expect(entry.executorId).toBe(guild.ownerId);
    expect(entry.targetId).toBe(alice.id);
    expect(entry.changes).toEqual([{ key: "nick", new: "Ally" }]);
    expect(guild.member(alice.id).nick).toBe("Ally");
  });
});
