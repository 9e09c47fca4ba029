import type { APIEmbed } from "discord.js";
import type { WardenApp } from "../../src/app";
import { InvitesCog } from "../../src/cogs/invites/invites-cog";
import { ProfileCog } from "../../src/cogs/profile/profile-cog";
import { DatabaseService } from "../../src/database/database-service";
import { startBot } from "../support/bot-harness";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../simulator";
import { eventually } from "../support/eventually";
import { createDatabase, dropDatabase } from "../support/test-database";

const DATABASE = `warden_e2e_invites_w${process.env.JEST_WORKER_ID ?? "0"}`;

/** Polls an async read until it yields a value (the shared `eventually` only takes synchronous checks). */
async function until<T>(read: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface JoinRow {
  userId: string;
  inviteCode: string | null;
  inviterId: string | null;
}

describe("invite tracking", () => {
  let sim: DiscordSimulator;
  let app: WardenApp;
  let db: DatabaseService;
  let cog: InvitesCog;
  let guild: SimGuild;
  let admin: SimUser;
  let alice: SimUser;
  let bob: SimUser;
  const joiners: SimUser[] = [];

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    admin = sim.createUser({ username: "admin" });
    alice = sim.createUser({ username: "alice" });
    bob = sim.createUser({ username: "bob" });
    for (let index = 0; index < 5; index += 1) joiners.push(sim.createUser({ username: `joiner${index}` }));
    guild = sim.createGuild({ name: "Invites Guild", ownerId: admin.id });
    guild.addMember(alice.id);
    guild.addMember(bob.id);
    guild.createInvite({ code: "alpha", inviterId: alice.id });
    const databaseUrl = await createDatabase(DATABASE, { migrated: true });
    ({ app } = await startBot({
      sim,
      databaseUrl,
      cogs: [InvitesCog, ProfileCog],
      env: { PRIVILEGED_INTENTS: "true" },
    }));
    db = app.container.resolve(DatabaseService);
    const loaded = app.cogs.find((candidate) => candidate instanceof InvitesCog);
    if (!(loaded instanceof InvitesCog)) throw new Error("InvitesCog not loaded");
    cog = loaded;
    await eventually(() => cog.tracker.codes(guild.id).join() === "alpha");
  });

  afterAll(async () => {
    await app?.stop();
    await sim?.close();
    await dropDatabase(DATABASE);
  });

  const joinsOf = async (userIds: readonly string[]): Promise<JoinRow[]> =>
    (
      await db.sql<JoinRow>(
        `SELECT user_id AS "userId", invite_code AS "inviteCode", inviter_id AS "inviterId"
           FROM member_joins WHERE user_id = ANY($1::bigint[]) ORDER BY id`,
        [userIds],
      )
    ).rows;
  const joinThrough = async (user: SimUser, code: string): Promise<JoinRow[]> => {
    sim.joinWithInvite(guild.id, user.id, code);
    return until(async () => {
      const rows = await joinsOf([user.id]);
      return rows.length === 1 ? rows : undefined;
    });
  };
  const run = (userId: string, name: string, options: Record<string, string> = {}, subcommand?: string) =>
    sim.command({ guildId: guild.id, userId, name, options, ...(subcommand ? { subcommand } : {}) }).answer();
  const fields = (embed: APIEmbed | undefined): Record<string, string> =>
    Object.fromEntries((embed?.fields ?? []).map((field) => [field.name, field.value]));
  const joiner = (index: number): SimUser => {
    const user = joiners[index];
    if (!user) throw new Error(`no joiner ${index}`);
    return user;
  };

  it("stores the invite each member joined through, following INVITE_CREATE", async () => {
    guild.createInvite({ code: "beta", inviterId: bob.id });
    await eventually(() => cog.tracker.codes(guild.id).join() === "alpha,beta");
    expect(await joinThrough(joiner(0), "alpha")).toEqual([
      { userId: joiner(0).id, inviteCode: "alpha", inviterId: alice.id },
    ]);
    expect(await joinThrough(joiner(1), "beta")).toEqual([
      { userId: joiner(1).id, inviteCode: "beta", inviterId: bob.id },
    ]);
    expect(await joinThrough(joiner(2), "alpha")).toEqual([
      { userId: joiner(2).id, inviteCode: "alpha", inviterId: alice.id },
    ]);
  });

  it("stores an unknown invite when two invites were used before the bot looked", async () => {
    sim.joinWithInvite(guild.id, joiner(3).id, "alpha");
    sim.joinWithInvite(guild.id, joiner(4).id, "beta");
    const rows = await until(async () => {
      const found = await joinsOf([joiner(3).id, joiner(4).id]);
      return found.length === 2 ? found : undefined;
    });
    expect(rows).toEqual([
      { userId: joiner(3).id, inviteCode: null, inviterId: null },
      { userId: joiner(4).id, inviteCode: null, inviterId: null },
    ]);
  });

  it("forgets deleted invites", async () => {
    guild.invites.delete("beta");
    await eventually(() => cog.tracker.codes(guild.id).join() === "alpha");
  });

  it("shows who invited a member on their profile", async () => {
    const invited = await run(admin.id, "profile", { user: joiner(0).id });
    expect(fields(invited.embeds[0])["Invited by"]).toBe(`<@${alice.id}> (alpha)`);
    const unknown = await run(admin.id, "profile", { user: joiner(3).id });
    expect(fields(unknown.embeds[0])["Invited by"]).toBe("unknown");
    const never = await run(admin.id, "profile", { user: alice.id });
    expect(fields(never.embeds[0])).not.toHaveProperty("Invited by");
  });

  it("ranks invites and inviters for a period, as computed by hand", async () => {
    const carol = "100000000000000003";
    // Three recent joins through alice's "delta", and one through carol's "gamma" 40 days ago.
    await db.sql(
      `INSERT INTO member_joins (guild_id, user_id, invite_code, inviter_id, joined_at)
       SELECT $1::bigint, 200000000000000000 + n, 'delta', $2::bigint, now() - interval '2 days'
         FROM generate_series(1, 3) AS n
       UNION ALL SELECT $1::bigint, 200000000000000009, 'gamma', $3::bigint, now() - interval '40 days'`,
      [guild.id, alice.id, carol],
    );
    const week = await run(admin.id, "invites", { period: "7d" }, "top");
    expect(week.ephemeral).toBe(true);
    // delta 3 + alpha 2 = alice 5; beta 1 = bob 1; joiners 3 and 4 unknown.
    expect(week.content).toBe(
      [
        "Joins through invites, last 7 days:",
        `Top invites: delta (<@${alice.id}>) 3, alpha (<@${alice.id}>) 2, beta (<@${bob.id}>) 1`,
        `Top inviters: <@${alice.id}> 5, <@${bob.id}> 1`,
        "Unknown invite: 2",
      ].join("\n"),
    );
    const all = await run(admin.id, "invites", { period: "all" }, "top");
    // Ties are ordered by id: carol's seeded id is smaller than bob's.
    expect(all.content).toBe(
      [
        "Joins through invites, all time:",
        `Top invites: delta (<@${alice.id}>) 3, alpha (<@${alice.id}>) 2, beta (<@${bob.id}>) 1, gamma (<@${carol}>) 1`,
        `Top inviters: <@${alice.id}> 5, <@${carol}> 1, <@${bob.id}> 1`,
        "Unknown invite: 2",
      ].join("\n"),
    );
    const refused = await run(alice.id, "invites", { period: "7d" }, "top");
    expect(refused.content).toBe("You need the Manage Server permission to use /invites top.");
  });

  it("ranks in Spanish for a member whose Discord is in Spanish, and refuses in Spanish", async () => {
    const enEspañol = (userId: string) =>
      sim
        .command({
          guildId: guild.id,
          userId,
          name: "invites",
          subcommand: "top",
          options: { period: "7d" },
          locale: "es-ES",
        })
        .answer();
    expect((await enEspañol(admin.id)).content).toBe(
      [
        "Entradas por invitación, últimos 7 días:",
        `Invitaciones principales: delta (<@${alice.id}>) 3, alpha (<@${alice.id}>) 2, beta (<@${bob.id}>) 1`,
        `Quienes más invitan: <@${alice.id}> 5, <@${bob.id}> 1`,
        "Invitación desconocida: 2",
      ].join("\n"),
    );
    expect((await enEspañol(alice.id)).content).toBe(
      "Necesitas el permiso Gestionar servidor para usar /invitaciones top.",
    );
  });
});
