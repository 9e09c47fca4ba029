import {
  AuditLogEvent,
  AutoModerationActionType,
  Events,
  GatewayIntentBits,
  PermissionFlagsBits,
} from "discord.js";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../../simulator";
import { ALL_TEST_INTENTS, Clients, nextEvent } from "./helpers";

jest.setTimeout(15_000);

/** `sim.autoModAction`: AutoMod's actions as Discord shows them to bots. */
describe("AutoMod in the simulator", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let spammer: SimUser;
  const clients = new Clients();
  const intents = [...ALL_TEST_INTENTS, GatewayIntentBits.AutoModerationExecution];

  beforeEach(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "AutoMod" });
    spammer = sim.createUser({ username: "spammer" });
    guild.addMember(spammer.id);
  });

  afterEach(async () => {
    await clients.destroyAll();
    await sim.close();
  });

  const wardenRole = () => {
    const role = [...guild.roles.values()].find((candidate) => candidate.name === "Warden");
    if (!role) throw new Error("no bot role");
    return role;
  };

  it("times out the member, logs an entry by the AutoMod user, and tells a bot with Manage Server", async () => {
    wardenRole().permissions |= PermissionFlagsBits.ManageGuild;
    const client = await clients.ready(sim, { intents: [...intents, GatewayIntentBits.MessageContent] });
    const rule = sim.createAutoModRule({ guildId: guild.id, name: "Links" });
    const executed = nextEvent(client, Events.AutoModerationActionExecution);
    sim.autoModAction({
      guildId: guild.id,
      ruleId: rule.id,
      userId: spammer.id,
      action: "timeout",
      durationSeconds: 60,
      content: "spam link",
      matchedKeyword: "link",
    });
    const [execution] = await executed;
    expect(execution).toMatchObject({
      ruleId: rule.id,
      userId: spammer.id,
      content: "spam link",
      matchedKeyword: "link",
    });
    expect(execution.action.type).toBe(AutoModerationActionType.Timeout);
    expect(execution.action.metadata.durationSeconds).toBe(60);
    expect(guild.member(spammer.id).communicationDisabledUntil).not.toBeNull();
    const entry = guild.auditLog.at(-1);
    expect(entry?.actionType).toBe(AuditLogEvent.AutoModerationUserCommunicationDisabled);
    expect(sim.user(entry?.userId ?? "").username).toBe("AutoMod");
    const fetched = await client.guilds.cache.get(guild.id)?.autoModerationRules.fetch(rule.id);
    expect(fetched?.name).toBe("Links");
  });

  it("leaves the content out without Message Content; sends nothing to a bot without Manage Server", async () => {
    const client = await clients.ready(sim, { intents });
    const rule = sim.createAutoModRule({ guildId: guild.id, name: "Words" });
    const seen: unknown[] = [];
    client.on(Events.AutoModerationActionExecution, (execution) => seen.push(execution));
    const block = {
      guildId: guild.id,
      ruleId: rule.id,
      userId: spammer.id,
      action: "block" as const,
      content: "bad",
    };
    sim.autoModAction(block);
    const entry = nextEvent(client, Events.GuildAuditLogEntryCreate);
    wardenRole().permissions |= PermissionFlagsBits.ManageGuild;
    const executed = nextEvent(client, Events.AutoModerationActionExecution);
    sim.autoModAction(block);
    expect((await entry)[0].action).toBe(AuditLogEvent.AutoModerationBlockMessage);
    expect((await executed)[0].content).toBe("");
    expect(seen).toHaveLength(1);
    wardenRole().permissions &= ~PermissionFlagsBits.ManageGuild;
    await expect(client.guilds.cache.get(guild.id)?.autoModerationRules.fetch(rule.id)).rejects.toMatchObject(
      {
        code: 50013,
      },
    );
  });
});
