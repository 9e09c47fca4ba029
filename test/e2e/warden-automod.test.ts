import { ChannelType, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../src/app";
import { AutomodCog } from "../../src/cogs/automod/automod-cog";
import { WARDEN_AUTOMOD_MODERATOR_ID } from "../../src/controllers/automod-moderator";
import { AutomodController } from "../../src/controllers/automod-controller";
import { CaseController } from "../../src/controllers/case-controller";
import { CaseType, type Case } from "../../src/entities";
import {
  DiscordSimulator,
  guildIdForShard,
  type SimChannel,
  type SimGuild,
  type SimMessage,
  type SimUser,
} from "../../simulator";
import { startBot } from "../support/bot-harness";
import { eventually, eventuallyAsync } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_warden_automod_w${process.env.JEST_WORKER_ID ?? "0"}`;
const DELETE = "/channels/:channel/messages/:message";

jest.setTimeout(90_000);

describe("Warden's own automod end to end", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let other: WardenApp;
  let guild: SimGuild;
  let general: SimChannel;
  let cases: CaseController;
  let owner: string;
  let names = 0;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Automod", id: guildIdForShard(0, 2) });
    general = guild.createChannel({ name: "chat" });
    owner = guild.ownerId;
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    // Two processes, one shard each, as in production: a guild's messages reach only its shard's process.
    const env = (shard: number) => ({
      PRIVILEGED_INTENTS: "true",
      SHARD_COUNT: "2",
      SHARD_IDS: String(shard),
    });
    ({ app } = await startBot({ sim, databaseUrl, cogs: [AutomodCog], env: env(0) }));
    ({ app: other } = await startBot({ sim, databaseUrl, cogs: [AutomodCog], env: env(1) }));
    cases = app.container.resolve(CaseController);
  });

  afterAll(async () => {
    await other?.stop();
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  afterEach(() => sim.faults.clear());

  const automod = async (options: Record<string, string | number | boolean>, userId = owner, g = guild) => {
    const [name, ...rest] = Object.entries(options);
    const sub = String(name?.[1]);
    return (
      await sim
        .command({
          guildId: g.id,
          userId,
          name: "automod",
          subcommand: sub,
          options: Object.fromEntries(rest),
        })
        .answer()
    ).content;
  };
  const member = (roles: string[] = [], g = guild): SimUser => {
    const user = sim.createUser({ username: `member${(names += 1)}` });
    g.addMember(user.id, { roles });
    return user;
  };
  const post = (user: SimUser, content: string, channel = general): SimMessage =>
    sim.postMessage({ channelId: channel.id, userId: user.id, content });
  const deletes = (channel = general) =>
    sim.requests.filter("DELETE", DELETE).filter((request) => request.path.includes(channel.id));
  const wasDeleted = (message: SimMessage, channel = general) =>
    deletes(channel).some((request) => request.path.endsWith(`/${message.id}`));
  const casesOf = async (user: SimUser, g = guild): Promise<Case[]> =>
    (await cases.list(g.id, { targetId: user.id, includeVoided: true }, { limit: 20 })).items.reverse();
  const untilCases = async (user: SimUser, count: number, g = guild): Promise<Case[]> => {
    const settled = async () => {
      const found = await casesOf(user, g);
      return found.length >= count && found.every((kase) => !kase.pending);
    };
    await eventuallyAsync(settled, 5_000, `${count} settled cases`);
    return casesOf(user, g);
  };
  /** Posts `quiet` then `loud`: once loud's case exists, quiet (checked first, in order) would have one too. */
  const firesOnlyOn = async (user: SimUser, quiet: string[], loud: string, rule: string) => {
    const calm = quiet.map((content) => post(user, content));
    const broke = post(user, loud);
    const [kase] = await untilCases(user, 1);
    await eventually(() => wasDeleted(broke), 3_000, "the delete");
    expect(calm.filter((message) => wasDeleted(message))).toEqual([]);
    expect(kase).toMatchObject({ moderatorId: WARDEN_AUTOMOD_MODERATOR_ID, type: CaseType.Note });
    expect(kase?.reason).toContain(`Automod rule ${rule}:`);
    return kase as Case;
  };

  it("lists every rule off by default, and each rule as it is set", async () => {
    const shown = await automod({ sub: "show" });
    expect(shown).toContain("**words**: off");
    expect(shown).toContain("**newlines**: off");
    expect(shown).toContain("Escalation: off.");
    expect(await automod({ sub: "rule", rule: "caps", enabled: true, actions: "delete", limit: 80 })).toBe(
      "Automod rule **caps** is on.",
    );
    expect(await automod({ sub: "show" })).toMatch(/\*\*caps\*\*: on · actions delete .* · limit 80/);
    await automod({ sub: "rule", rule: "caps", enabled: false });
  });

  it("fires each rule on what breaks it and not on ordinary messages, with the evidence in the case", async () => {
    await automod({ sub: "block", text: "scam" });
    await automod({ sub: "block", text: "/fr[e3]{2} n[i1]tro/" });
    await automod({ sub: "allow-host", text: "example.com" });
    guild.createInvite({ code: "ourown" });
    const rules: [string, string[], string, Record<string, number>?][] = [
      ["words", ["this is not a scammer", "free stuff"], "FR33 N1TRO for all"],
      ["invites", ["discord is fun", "our server: discord.gg/ourown"], "join discord.gg/elsewhere"],
      ["links", ["docs at https://docs.example.com/a"], "see https://evil.test/x"],
      [
        "mentions",
        [`hi <@${owner}>`],
        `<@${owner}> <@${owner}> <@&${guild.id}1> <@${sim.createUser().id}>`,
        { limit: 2 },
      ],
      ["caps", ["Hello There Everyone"], "WHY IS EVERYONE SHOUTING HERE"],
      [
        "zalgo",
        ["café"],
        "z\u0301\u0302\u0303\u0304a\u0305\u0306\u0307l\u0308\u0309\u030ag\u030bo",
        { limit: 5 },
      ],
      ["newlines", ["a\nb"], "1\n2\n3\n4\n5", { limit: 3 }],
      ["duplicates", ["same", "same"], "same", { limit: 3 }],
      ["rate", ["one", "two", "three"], "four", { limit: 3 }],
    ];
    for (const [rule, quiet, loud, extra] of rules) {
      await automod({ sub: "rule", rule, enabled: true, actions: "delete", ...extra });
      const kase = await firesOnlyOn(member(), quiet, loud, rule);
      if (rule === "words") expect(kase.reason).toContain("/fr[e3]{2} n[i1]tro/");
      if (rule === "invites") expect(kase.reason).toContain("elsewhere");
      await automod({ sub: "rule", rule, enabled: false });
    }
  });

  it("exempts the rule's roles and channels, and moderators always", async () => {
    const trusted = guild.createRole({ name: "Trusted", position: 1 });
    const mods = guild.createRole({
      name: "Mods",
      position: 2,
      permissions: PermissionFlagsBits.ManageMessages,
    });
    const memes = guild.createChannel({ name: "memes" });
    await automod({ sub: "rule", rule: "caps", enabled: true, actions: "delete" });
    expect(await automod({ sub: "exempt", rule: "caps", role: trusted.id })).toBe(
      `Added <@&${trusted.id}> to rule **caps**.`,
    );
    await automod({ sub: "exempt", rule: "caps", channel: memes.id });
    const shout = "THIS IS A VERY LOUD MESSAGE";
    const inMemes = post(member(), shout, memes);
    const fromTrusted = post(member([trusted.id]), shout);
    const fromMod = post(member([mods.id]), shout);
    const plain = member();
    post(plain, shout);
    await untilCases(plain, 1);
    expect(
      [inMemes, fromTrusted, fromMod].filter((message) => wasDeleted(message, memes) || wasDeleted(message)),
    ).toEqual([]);
    expect(await automod({ sub: "exempt", rule: "caps", role: trusted.id, remove: true })).toBe(
      `Removed <@&${trusted.id}> from rule **caps**.`,
    );
    await automod({ sub: "rule", rule: "caps", enabled: false });
  });

  it("a channel's exemption covers its threads and forum posts, and only those", async () => {
    await automod({ sub: "rule", rule: "caps", enabled: true, actions: "delete" });
    const quiet = guild.createChannel({ name: "quiet" });
    const forum = guild.createChannel({ name: "help", type: ChannelType.GuildForum });
    expect(await automod({ sub: "exempt", rule: "caps", channel: quiet.id })).toBe(
      `Added <#${quiet.id}> to rule **caps**.`,
    );
    expect(await automod({ sub: "exempt", rule: "caps", channel: forum.id })).toBe(
      `Added <#${forum.id}> to rule **caps**.`,
    );
    const author = member();
    const thread = (name: string, parent: SimChannel) =>
      guild.createChannel({ name, type: ChannelType.PublicThread, parentId: parent.id, ownerId: author.id });
    const side = thread("side talk", quiet);
    const forumPost = thread("HOW DO I", forum);
    const open = thread("open thread", general);
    const shout = "THIS IS A VERY LOUD MESSAGE";
    const inThread = post(author, shout, side);
    const inForumPost = post(author, shout, forumPost);
    const caught = member();
    const loud = post(caught, shout, open);
    await untilCases(caught, 1);
    await eventually(() => wasDeleted(loud, open), 3_000, "the delete in a thread of a channel not exempt");
    expect([wasDeleted(inThread, side), wasDeleted(inForumPost, forumPost)]).toEqual([false, false]);
    expect(await casesOf(author)).toEqual([]);
    await automod({ sub: "rule", rule: "caps", enabled: false });
  });

  it("judges an edit like a message: clean text edited into a blocked word goes, and edits are not counted as messages", async () => {
    await automod({ sub: "block", text: "phishing" });
    await automod({ sub: "rule", rule: "words", enabled: true, actions: "delete" });
    await automod({ sub: "rule", rule: "rate", enabled: true, actions: "delete", limit: 2, seconds: 60 });
    const sly = member();
    const first = post(sly, "hello everyone");
    for (let edit = 0; edit < 3; edit += 1) sim.editMessage(first.id, `hello everyone ${edit}`);
    sim.editMessage(first.id, "free phishing kit here");
    const [kase] = await untilCases(sly, 1);
    expect(kase?.reason).toContain("Automod rule words: phishing");
    await eventually(() => wasDeleted(first), 3_000, "the edited message's delete");
    expect(await casesOf(sly)).toHaveLength(1);
    await automod({ sub: "rule", rule: "rate", enabled: false });
    await automod({ sub: "rule", rule: "words", enabled: false });
  });

  it("a spammer's burst is one offence: one case, and every message past the limit deleted", async () => {
    await automod({
      sub: "rule",
      rule: "rate",
      enabled: true,
      actions: "delete,warn",
      limit: 3,
      seconds: 30,
    });
    const spammer = member();
    const burst = Array.from({ length: 12 }, (_, index) => post(spammer, `spam ${index}`));
    await eventually(() => burst.slice(3).every((message) => wasDeleted(message)), 5_000, "9 deletes");
    expect(burst.slice(0, 3).filter((message) => wasDeleted(message))).toEqual([]);
    const kases = await untilCases(spammer, 1);
    expect(kases).toHaveLength(1);
    expect(kases[0]).toMatchObject({ type: CaseType.Warn, moderatorId: WARDEN_AUTOMOD_MODERATOR_ID });
    expect(kases[0]?.reason).toContain("Automod rule rate: 4 messages in 30s");
    await automod({ sub: "rule", rule: "rate", enabled: false });
  });

  it("escalates by the ladder: the second warning within the window becomes a timeout", async () => {
    await automod({ sub: "rule", rule: "words", enabled: true, actions: "delete,warn" });
    expect(await automod({ sub: "ladder", warns: 2, window: "1h", timeout: "1h" })).toBe(
      "2 automod warnings within 1h now become a 1h timeout.",
    );
    const spammer = member();
    post(spammer, "what a scam");
    const [warn] = await untilCases(spammer, 1);
    expect(warn?.type).toBe(CaseType.Warn);
    post(spammer, "scam again");
    const [, timeout] = await untilCases(spammer, 2);
    expect(timeout).toMatchObject({ type: CaseType.Timeout, moderatorId: WARDEN_AUTOMOD_MODERATOR_ID });
    expect(timeout?.reason).toContain("escalated: 2 automod warnings within 1h");
    expect(guild.members.get(spammer.id)?.communicationDisabledUntil).not.toBeNull();
    expect(await automod({ sub: "ladder", warns: 0 })).toBe("Automod escalation is off.");
    await automod({ sub: "rule", rule: "words", enabled: false });
  });

  it("the ladder counts offences handled at once: of two warnings together, the second escalates", async () => {
    await automod({ sub: "block", text: "scam" });
    await automod({ sub: "rule", rule: "words", enabled: true, actions: "delete,warn" });
    await automod({ sub: "ladder", warns: 2, window: "1h", timeout: "1h" });
    const spammer = member();
    post(spammer, "scam one");
    post(spammer, "scam two");
    const kases = await untilCases(spammer, 2);
    expect(kases.map((kase) => kase.type)).toEqual([CaseType.Warn, CaseType.Timeout]);
    await eventually(
      () => guild.members.get(spammer.id)?.communicationDisabledUntil != null,
      3_000,
      "the timeout on Discord",
    );
    await automod({ sub: "ladder", warns: 0 });
    await automod({ sub: "rule", rule: "words", enabled: false });
  });

  it("bans when the rule says so, and a ban Discord refuses leaves a Note saying so", async () => {
    await automod({ sub: "rule", rule: "invites", enabled: true, actions: "delete,ban" });
    const raider = member();
    post(raider, "free stuff at discord.gg/raidraid");
    const [ban] = await untilCases(raider, 1);
    expect(ban).toMatchObject({ type: CaseType.Ban, moderatorId: WARDEN_AUTOMOD_MODERATOR_ID });
    expect(guild.bans.has(raider.id)).toBe(true);
    sim.faults.inject({ method: "PUT", path: "/guilds/:guild/bans/:user", status: 403 });
    const second = member();
    post(second, "discord.gg/raidraid");
    const [note] = await untilCases(second, 1);
    expect(note?.type).toBe(CaseType.Note);
    expect(note?.reason).toContain("the ban was not applied (Discord refused");
    expect(guild.bans.has(second.id)).toBe(false);
    await automod({ sub: "rule", rule: "invites", enabled: false });
  });

  it("records what Discord refused (403, 404) and retries a 429; other guilds are unaffected", async () => {
    const second = sim.createGuild({ name: "Elsewhere", id: guildIdForShard(1, 2) });
    const elsewhere = second.createChannel({ name: "chat" });
    await automod({ sub: "rule", rule: "words", enabled: true, actions: "delete,timeout", timeout: "10m" });
    await automod({ sub: "block", text: "scam" }, second.ownerId, second);
    await automod({ sub: "rule", rule: "words", enabled: true, actions: "delete" }, second.ownerId, second);
    sim.faults.inject({ method: "DELETE", path: `/channels/${general.id}/messages/:message`, status: 403 });
    sim.faults.inject({
      method: "PATCH",
      path: `/guilds/${guild.id}/members/:user`,
      status: 404,
      code: 10007,
    });
    const refused = member();
    post(refused, "scam");
    const outsider = member([], second);
    const theirs = post(outsider, "scam", elsewhere);
    const [note] = await untilCases(refused, 1);
    expect(note?.type).toBe(CaseType.Note);
    expect(note?.reason).toContain("the message was not deleted (Discord refused");
    expect(note?.reason).toContain("the timeout was not applied (it was already gone)");
    const [theirCase] = await untilCases(outsider, 1, second);
    expect(theirCase?.type).toBe(CaseType.Note);
    await eventually(() => wasDeleted(theirs, elsewhere), 3_000, "the other guild's delete");
    sim.faults.clear();
    sim.faults.inject({ method: "DELETE", path: DELETE, status: 429, retryAfterSeconds: 0.2, times: 1 });
    const limited = member();
    const message = post(limited, "scam");
    const [timedOut] = await untilCases(limited, 1);
    expect(timedOut).toMatchObject({ type: CaseType.Timeout });
    expect(timedOut?.reason).not.toContain("not deleted");
    expect(wasDeleted(message)).toBe(true);
    await automod({ sub: "rule", rule: "words", enabled: false });
  });

  it("refuses patterns RE2 cannot run or that match everything, and accepts ReDoS classics", async () => {
    expect(await automod({ sub: "block", text: "/(a)\\1/" })).toMatch(/can't use .*RE2 syntax/);
    expect(await automod({ sub: "block", text: "/^(\\w+\\s?)*$/" })).toBe(
      "That pattern matches every message (it matches empty text).",
    );
    expect(await automod({ sub: "block", text: "/(a+)+$/" })).toBe("Added `/(a+)+$/` to rule **words**.");
    expect(await automod({ sub: "block", text: "/(a+)+$/" })).toBe("Rule **words** already has `/(a+)+$/`.");
    expect(await automod({ sub: "allow-host", text: "not a host" })).toBe(
      "`not a host` isn't a host name such as example.com.",
    );
  });

  it("refuses members without Manage Server", async () => {
    expect(await automod({ sub: "show" }, member().id)).toMatch(/Manage Server/);
  });

  it("drops cached settings in every process when one changes them", async () => {
    const elsewhere = other.container.resolve(AutomodController);
    await elsewhere.load(guild.id);
    expect(elsewhere.cached(guild.id)).toBeDefined();
    await automod({ sub: "rule", rule: "newlines", enabled: true, limit: 7 });
    await eventually(
      () => elsewhere.cached(guild.id) === undefined,
      3_000,
      "the other process's cache dropped",
    );
    const rows = await elsewhere.load(guild.id);
    expect(rows.rules.find((rule) => rule.rule === "newlines")).toMatchObject({ enabled: true, limit: 7 });
  });
});
