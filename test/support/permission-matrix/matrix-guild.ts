import { ApplicationCommandType, PermissionFlagsBits } from "discord.js";
import type { WardenApp } from "../../../src/app";
import { EconomyController } from "../../../src/controllers/economy-controller";
import { ReportController } from "../../../src/controllers/report-controller";
import type { DiscordSimulator, SimGuild, SimMessage, SimUser } from "../../../simulator";
import { makeCase, makeGuild } from "../factories";
import { appealFixture, signed, type AppealFixture } from "./appeal-fixture";
import { argumentsFor, WORD, type ArgumentSources } from "./arguments";
import { classifyReply, classifySuggestions, type Outcome } from "./classify";
import {
  COMPONENT_RECIPES,
  findComponent,
  type CommandCall,
  type CraftedRecipe,
  type MenuRecipe,
  type ObtainedComponent,
  type ReportPostRecipe,
} from "./component-recipes";
import type { CommandLeaf, EntryPoint } from "./entry-points";
import { DEMOTION, STANDING, type MemberKind } from "./member-kinds";

const REPLY_TIMEOUT_MS = 15_000;
/** More than a page (10) of cases, of points holders and of reports, so Next is enabled on those lists. */
const SEEDED_ROWS = 11;

function callOf(leaf: CommandLeaf, options: CommandCall["options"]): CommandCall {
  const [name, ...rest] = leaf.path;
  const subcommand = rest.at(-1);
  const group = rest.length === 2 ? rest[0] : undefined;
  return { name, ...(group ? { group } : {}), ...(subcommand ? { subcommand } : {}), options };
}

/** The actor's roles: one granting their permission, the moderator role, or none. */
function actorRoles(guild: SimGuild, kind: MemberKind, moderatorRoleId: string): string[] {
  const standing = STANDING[kind];
  if (standing.kind === "moderator role") return [moderatorRoleId];
  if (standing.kind !== "role") return [];
  return [guild.createRole({ name: kind, permissions: standing.permissions, position: 6 }).id];
}

/**
 * A guild whose one member of `kind` (the actor) sends every entry point, and an administrator who
 * prepares what those need: a moderator role made through `/config modrole add`, a tag, a variable and a
 * group named after WORD, more than a page of cases and of points, a banned user.
 */
export class MatrixGuild {
  readonly components = new Map<string, ObtainedComponent>();
  private members = 0;

  private constructor(
    readonly kind: MemberKind,
    private readonly sim: DiscordSimulator,
    readonly guild: SimGuild,
    private readonly admin: SimUser,
    readonly actorId: string,
    private readonly moderatorRoleId: string,
    private readonly sources: Omit<ArgumentSources, "newMember" | "newAttachment">,
    /** Where message menus find their messages (its own channel: "Purge after this" deletes there). */
    private readonly messagesChannelId: string,
  ) {}

  /** Made before the bot starts, so the guild arrives whole in its GUILD_CREATE. */
  static create(sim: DiscordSimulator, kind: MemberKind, botOwner: SimUser): MatrixGuild {
    const guild = sim.createGuild({ name: `Matrix: ${kind}` });
    const admins = guild.createRole({
      name: "Admins",
      permissions: PermissionFlagsBits.Administrator,
      position: 8,
    });
    const moderators = guild.createRole({ name: "Moderators", position: 4 });
    const spare = guild.createRole({ name: "Spare", position: 2 });
    const admin = sim.createUser({ username: "admin" });
    guild.addMember(admin.id, { roles: [admins.id] });
    const banned = sim.createUser({ username: "banned" });
    sim.banAs({ guildId: guild.id, actorId: admin.id, userId: banned.id, reason: WORD });
    let actorId = guild.ownerId;
    if (STANDING[kind].kind !== "server owner") {
      actorId = kind === "bot owner" ? botOwner.id : sim.createUser({ username: "actor" }).id;
      guild.addMember(actorId, { roles: actorRoles(guild, kind, moderators.id) });
    }
    const channelId = guild.firstTextChannel().id;
    const messages = guild.createChannel({ name: "matrix-messages" });
    const sources = { channelId, spareRoleId: spare.id, bannedUserId: banned.id };
    return new MatrixGuild(kind, sim, guild, admin, actorId, moderators.id, sources, messages.id);
  }

  /** The fixture, the components the actor will press, then (for that kind) the demotion. */
  async prepare(app: WardenApp): Promise<void> {
    const admin = this.admin.id;
    const modrole = { name: "config", group: "modrole", subcommand: "add" };
    await this.expect(
      admin,
      { ...modrole, options: { role: this.moderatorRoleId } },
      /is now a moderator role/,
    );
    await this.expect(
      admin,
      { name: "tag", subcommand: "create", options: { name: WORD, response: WORD } },
      /^Created/,
    );
    await this.expect(admin, { name: "var", subcommand: "set", options: { name: WORD, value: "1" } }, /^Set/);
    await this.expect(admin, { name: "group", subcommand: "create", options: { name: WORD } }, /^Created/);
    await makeGuild(app.container, this.guild.id);
    const economy = app.container.resolve(EconomyController);
    for (let row = 1; row <= SEEDED_ROWS; row += 1) {
      await makeCase(app.container, {
        guildId: this.guild.id,
        targetId: this.newMember(),
        moderatorId: admin,
      });
      await economy.add(this.guild.id, this.newMember(), BigInt(row), admin, WORD);
      await app.container.resolve(ReportController).file({
        guildId: this.guild.id,
        reporterId: this.newMember(),
        targetId: this.newMember(),
        reason: WORD,
        messageLink: null,
        messageExcerpt: null,
      });
    }
    const appeals = await appealFixture(app, this.sim, this.guild, admin);
    for (const [id, recipe] of Object.entries(COMPONENT_RECIPES)) {
      const obtained =
        "crafted" in recipe
          ? this.craft(app, recipe, appeals)
          : "command" in recipe
            ? await this.obtain(id, recipe.command)
            : "menu" in recipe
              ? await this.openModal(id, recipe)
              : await this.fromReportPost(id, recipe);
      this.components.set(id, obtained);
    }
    await this.demote();
  }

  private async demote(): Promise<void> {
    const demotion = DEMOTION[this.kind];
    if (demotion === "role taken") this.guild.updateMember(this.actorId, (member) => (member.roles = []));
    if (demotion === "role withdrawn") {
      const remove = { name: "config", group: "modrole", subcommand: "remove" };
      const options = { role: this.moderatorRoleId };
      await this.expect(this.admin.id, { ...remove, options }, /is no longer a moderator role/);
    }
  }

  /** Sends the entry point as the actor and classifies the answer. */
  async send(entry: EntryPoint): Promise<Outcome> {
    const base = { guildId: this.guild.id, userId: this.actorId };
    if (entry.type === "command") {
      const sources = {
        ...this.sources,
        newMember: () => this.newMember(),
        newAttachment: () => this.sim.upload({ filename: "matrix.json", content: Buffer.from(WORD) }).id,
      };
      return classifyReply(
        await this.call(this.actorId, callOf(entry.leaf, argumentsFor(entry.leaf, sources))),
      );
    }
    if (entry.type === "autocomplete") {
      const call = callOf(entry.leaf, {});
      const reply = await this.sim
        .autocomplete({ ...base, ...call, focused: entry.focused })
        .answer(REPLY_TIMEOUT_MS);
      return classifySuggestions(reply);
    }
    if (entry.type === "menu") {
      const onMessage = entry.menu.definition.type === ApplicationCommandType.Message;
      const menu = this.openMenu(this.actorId, entry.menu.definition.name, onMessage ? "message" : "member");
      return classifyReply(await menu.answer(REPLY_TIMEOUT_MS));
    }
    const component = this.components.get(entry.id);
    if (!component) throw new Error(`${entry.id} has no recipe in component-recipes.ts`);
    if (component.fields) {
      const submit = { ...base, customId: component.customId, fields: component.fields };
      return classifyReply(await this.sim.modalSubmit(submit).answer(REPLY_TIMEOUT_MS));
    }
    const input = { ...base, customId: component.customId, messageId: component.messageId };
    const press = component.values
      ? this.sim.select({ ...input, values: component.values })
      : this.sim.button(input);
    return classifyReply(await press.answer(REPLY_TIMEOUT_MS));
  }

  /** A user menu on a new member, or a message menu on a new message. */
  private openMenu(userId: string, name: string, on: MenuRecipe["on"]) {
    const input = { guildId: this.guild.id, userId, name };
    return on === "message"
      ? this.sim.messageMenu({ ...input, targetId: this.newMessage() })
      : this.sim.userMenu({ ...input, targetId: this.newMember() });
  }

  private newMessage(): string {
    const [message] = this.sim.seedHistory(this.messagesChannelId, [
      { authorId: this.newMember(), at: Date.now(), content: WORD },
    ]);
    if (!message) throw new Error("fixture: no message seeded");
    return message.id;
  }

  private newMember(): string {
    this.members += 1;
    const user = this.sim.createUser({ username: `member${this.members}` });
    this.guild.addMember(user.id);
    return user.id;
  }

  /**
   * What the member sees: on a loaded host a slow refusal comes after the public "thinking…" message, which
   * Warden then deletes for a private follow-up, so the original reply never comes.
   */
  private call(userId: string, call: CommandCall): Promise<SimMessage> {
    return this.sim.command({ guildId: this.guild.id, userId, ...call }).answer(REPLY_TIMEOUT_MS);
  }

  private async expect(userId: string, call: CommandCall, answer: RegExp): Promise<void> {
    const reply = await this.call(userId, call);
    if (!answer.test(reply.content)) {
      throw new Error(`fixture: /${call.name} ${call.subcommand ?? ""} answered "${reply.content}"`);
    }
  }

  /** The modal a menu opens on a new member or message: the actor's own when they may use the menu, else the administrator's. */
  private async openModal(id: string, recipe: MenuRecipe): Promise<ObtainedComponent> {
    for (const userId of [this.actorId, this.admin.id]) {
      const modal = (await this.openMenu(userId, recipe.menu, recipe.on).answer(REPLY_TIMEOUT_MS)).modal;
      if (modal) return { messageId: "", customId: modal.custom_id, fields: recipe.fields };
    }
    throw new Error(`${id}: the "${recipe.menu}" menu opened no modal, even for an administrator`);
  }

  /** A crafted component, on a message of the guild (any message: its custom id is what counts). */
  private craft(app: WardenApp, recipe: CraftedRecipe, appeals: AppealFixture): ObtainedComponent {
    const customId = signed(app, recipe.crafted(appeals));
    if (recipe.fields) return { messageId: "", customId, fields: recipe.fields };
    const message = this.sim.postMessage({
      channelId: this.guild.firstTextChannel().id,
      userId: this.admin.id,
      content: WORD,
    });
    return { messageId: message.id, customId };
  }

  private reportPost: SimMessage | undefined;

  /** A button on a report's queue post (one report filed for them all), or the modal it opens. */
  private async fromReportPost(id: string, recipe: ReportPostRecipe): Promise<ObtainedComponent> {
    this.reportPost ??= await this.fileReport();
    const button = findComponent(this.reportPost, recipe.reportButton);
    if (!button) throw new Error(`${id}: the report's post has no ${recipe.reportButton} button`);
    if (!recipe.fields) return button;
    for (const userId of [this.actorId, this.admin.id]) {
      const press = {
        guildId: this.guild.id,
        userId,
        customId: button.customId,
        messageId: button.messageId,
      };
      const modal = (await this.sim.button(press).answer(REPLY_TIMEOUT_MS)).modal;
      if (modal) return { messageId: "", customId: modal.custom_id, fields: recipe.fields };
    }
    throw new Error(`${id}: ${recipe.reportButton} opened no modal, even for an administrator`);
  }

  /** The reports queue in a channel of its own (no purge reaches it), and one report posted there. */
  private async fileReport(): Promise<SimMessage> {
    const queue = this.guild.createChannel({ name: "matrix-reports" });
    const channel = { name: "reports", subcommand: "channel", options: { channel: queue.id } };
    await this.expect(this.admin.id, channel, /^Reports will be posted/);
    const report = { name: "report", options: { user: this.newMember(), reason: WORD } };
    await this.expect(this.newMember(), report, /^Thank you/);
    const post = queue.messages.at(-1);
    if (!post) throw new Error("fixture: the report was not posted");
    return post;
  }

  /** The actor's own component when they may run its command, else the administrator's. */
  private async obtain(id: string, command: CommandCall): Promise<ObtainedComponent> {
    const prefix = id.slice(id.indexOf(":") + 1);
    for (const userId of [this.actorId, this.admin.id]) {
      const found = findComponent(await this.call(userId, command), prefix);
      if (found) return found;
    }
    throw new Error(`${id}: /${command.name} gave no enabled component, even to an administrator`);
  }
}
