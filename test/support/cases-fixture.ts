import { PermissionFlagsBits } from "discord.js";
import { container as rootContainer } from "tsyringe";
import type { WardenApp } from "../../src/app";
import { CasesCog } from "../../src/cogs/cases/cases-cog";
import { ModerationCog } from "../../src/cogs/moderation/moderation-cog";
import { Clock } from "../../src/bot/clock";
import type { NewCase } from "../../src/controllers/case-controller";
import type { Case } from "../../src/entities";
import { startBot } from "./bot-harness";
import { DiscordSimulator, type SimGuild, type SimMessage, type SimUser } from "../../simulator";
import { eventually } from "./eventually";
import { makeCase } from "./factories";
import { createDatabase, dropDatabase } from "./test-database";

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(private current = Date.now()) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

type CommandRest = Partial<Parameters<DiscordSimulator["command"]>[0]>;

/** The cases cog running against the simulator and its own database, with a moderator and two members. */
export class CasesWorld {
  private constructor(
    readonly sim: DiscordSimulator,
    readonly app: WardenApp,
    readonly guild: SimGuild,
    readonly mod: SimUser,
    readonly otherMod: SimUser,
    readonly alice: SimUser,
    readonly bob: SimUser,
    readonly clock: ManualClock,
    private readonly database: string,
  ) {}

  static async start(database: string): Promise<CasesWorld> {
    const clock = new ManualClock();
    // Child containers fall back to the root one: the cog gets this clock instead of the system's.
    rootContainer.register(Clock, { useValue: clock });
    const sim = await DiscordSimulator.start();
    const mod = sim.createUser({ username: "mod" });
    const otherMod = sim.createUser({ username: "othermod" });
    const alice = sim.createUser({ username: "alice" });
    const bob = sim.createUser({ username: "bob" });
    const guild = sim.createGuild({ name: "Cases Guild" });
    populate(guild, [mod, otherMod], [alice, bob]);
    const databaseUrl = await createDatabase(database, { migrated: true });
    const { app } = await startBot({ sim, databaseUrl, cogs: [CasesCog, ModerationCog] });
    return new CasesWorld(sim, app, guild, mod, otherMod, alice, bob, clock, database);
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await this.sim?.close();
    await dropDatabase(this.database);
  }

  /** Another guild with the same people, known to the bot before it returns. */
  async addGuild(name: string): Promise<SimGuild> {
    const guild = this.sim.createGuild({ name });
    populate(guild, [this.mod, this.otherMod], [this.alice, this.bob]);
    await eventually(() => this.app.bot.client.guilds.cache.has(guild.id), 3000, `guild ${name} cached`);
    return guild;
  }

  run(userId: string, name: string, rest: CommandRest = {}, guild = this.guild) {
    return this.sim.command({ guildId: guild.id, userId, name, ...rest }).answer();
  }

  caseCommand(userId: string, subcommand: string, options: CommandRest["options"], guild = this.guild) {
    return this.run(userId, "case", { subcommand, ...(options ? { options } : {}) }, guild);
  }

  press(userId: string, message: SimMessage, label: string, guild = this.guild) {
    const customId = buttonOf(message, label)?.custom_id;
    if (!customId) throw new Error(`no "${label}" button on message ${message.id}`);
    return this.sim.button({ guildId: guild.id, userId, customId, messageId: message.id }).answer();
  }

  autocomplete(userId: string, subcommand: string, typed: string, guild = this.guild) {
    return this.sim
      .autocomplete({
        guildId: guild.id,
        userId,
        name: "case",
        subcommand,
        focused: "number",
        options: { number: typed },
      })
      .answer();
  }

  makeCase(input: Partial<NewCase> = {}): Promise<Case> {
    return makeCase(this.app.container, {
      guildId: this.guild.id,
      targetId: this.alice.id,
      moderatorId: this.mod.id,
      ...input,
    });
  }
}

function populate(guild: SimGuild, moderators: readonly SimUser[], members: readonly SimUser[]): void {
  const mods = guild.createRole({
    name: "Mods",
    permissions: PermissionFlagsBits.ModerateMembers,
    position: 2,
  });
  for (const moderator of moderators) guild.addMember(moderator.id, { roles: [mods.id] });
  for (const member of members) guild.addMember(member.id);
}

export interface SimButton {
  custom_id?: string;
  label?: string;
  disabled?: boolean;
}

export function buttonOf(message: SimMessage, label: string): SimButton | undefined {
  for (const row of message.components) {
    for (const component of row.components as SimButton[]) if (component.label === label) return component;
  }
  return undefined;
}

/** The case numbers a /cases or /history message lists, in order. */
export function listedNumbers(message: SimMessage): number[] {
  const description = message.embeds[0]?.description ?? "";
  return [...description.matchAll(/^#(\d+) /gm)].map((match) => Number(match[1]));
}
