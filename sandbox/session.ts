import { ApplicationCommandType, Locale } from "discord-api-types/v10";
import type { DiscordSimulator, InteractionHandle, SimMessage } from "../simulator";
import { Directory } from "./directory";
import { oneLine, SandboxInputError } from "./errors";
import { exchange, type ExchangeOptions } from "./exchange";
import type { LineResult } from "./line-result";
import { buttonLabels, findButton, findSelect } from "./messages";
import { checkAnswers, openModal, type OpenModal } from "./modal";
import { selectValues } from "./option-values";
import { parseLine, parseSlashCommand, type CommandSpec, type SandboxCommand } from "./parse";
import { channelLog, helpLines, memberList } from "./views";
import type { SandboxWorld } from "./world";

const DISCORD_LOCALES = new Set<string>(Object.values(Locale));

export type { LineResult };

export type SandboxSimulator = Pick<
  DiscordSimulator,
  | "botUser"
  | "command"
  | "userMenu"
  | "messageMenu"
  | "button"
  | "select"
  | "modalSubmit"
  | "registeredCommands"
  | "dmsTo"
>;

export interface SessionOptions {
  sim: SandboxSimulator;
  world: SandboxWorld;
  /** Resolves once the bot has finished the interactions it is handling (side effects included). */
  settle: () => Promise<void>;
  print: (line: string) => void;
  /** How long to wait for an answer (a deferred one included). */
  replyTimeoutMs: number;
}

/** One person at the keyboard: who they act as, where, and what the bot last showed them. */
export class SandboxSession {
  readonly directory: Directory;
  private actorId: string;
  private channelId: string;
  /** Each member's Discord client language (en-US unless set): Warden answers in it unless they chose another. */
  private readonly locales = new Map<string, string>();
  private modal: OpenModal | undefined;
  /** Ephemeral answers, which only their viewer can see (and click on). */
  private readonly privateMessages: { viewerId: string; message: SimMessage }[] = [];
  /** "@mod used /ping", by interaction id, for `log`. */
  private readonly usedBy = new Map<string, string>();
  private readonly exchangeOptions: ExchangeOptions;

  constructor(private readonly options: SessionOptions) {
    const { world, sim } = options;
    this.directory = new Directory(world.guild, world.users);
    this.actorId = world.defaultActor.id;
    this.channelId = world.defaultChannelId;
    this.exchangeOptions = {
      source: { guild: world.guild, users: world.users, dmsTo: (userId) => sim.dmsTo(userId) },
      names: this.directory,
      settle: options.settle,
      print: options.print,
      replyTimeoutMs: options.replyTimeoutMs,
    };
  }

  get prompt(): string {
    return `${this.actorName()} in #${this.channelName()}> `;
  }

  /** Runs one line; whatever goes wrong is printed as one line and reported as "failed". */
  async run(line: string): Promise<LineResult> {
    try {
      return await this.execute(parseLine(line));
    } catch (error) {
      this.options.print(oneLine(error));
      return "failed";
    }
  }

  /** The chat-input commands the bot registered: the guild's own, then global ones, by name. */
  commandSpecs(): CommandSpec[] {
    const guildCommands = this.options.sim.registeredCommands(this.options.world.guild.id);
    const names = new Set(guildCommands.map((command) => command.name));
    const global = this.options.sim.registeredCommands().filter((command) => !names.has(command.name));
    return [...guildCommands, ...global].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async execute(command: SandboxCommand): Promise<LineResult> {
    const { sim, world } = this.options;
    const where = {
      guildId: world.guild.id,
      userId: this.actorId,
      channelId: this.channelId,
      locale: this.locales.get(this.actorId) ?? "en-US",
    };
    switch (command.kind) {
      case "slash": {
        const invocation = parseSlashCommand(command, this.commandSpecs(), this.directory);
        const path = [invocation.name, invocation.group, invocation.subcommand].filter(Boolean).join(" ");
        return this.interact(`used /${path}`, () => sim.command({ ...where, ...invocation }));
      }
      case "menu":
        return this.menu(command.name, command.target, where);
      case "click": {
        const candidates = this.visibleBotMessages();
        const found = findButton(candidates, command.label);
        if (!found) {
          const labels = buttonLabels(candidates);
          const here = labels.length > 0 ? `buttons here: ${labels.join(" ")}` : "no buttons here";
          throw new SandboxInputError(`no button "${command.label}" in #${this.channelName()} (${here})`);
        }
        const { message, button } = found;
        if (button.url) throw new SandboxInputError(`[${button.label}] is a link to ${button.url}`);
        if (button.disabled || !button.customId) throw new SandboxInputError(`[${button.label}] is disabled`);
        const customId = button.customId;
        return this.interact(`clicked [${button.label}]`, () =>
          sim.button({ ...where, customId, messageId: message.id }),
        );
      }
      case "select": {
        const found = findSelect(this.visibleBotMessages(), command.placeholder);
        if (!found)
          throw new SandboxInputError(`no select "${command.placeholder}" in #${this.channelName()}`);
        const values = selectValues(found.select, command.values, this.directory);
        const input = { ...where, customId: found.select.customId, messageId: found.message.id, values };
        return this.interact(`chose ${command.values.join(", ")}`, () => sim.select(input));
      }
      case "submit": {
        const modal = this.modal;
        if (!modal || modal.viewerId !== this.actorId) {
          throw new SandboxInputError("no modal is open for you: run a command that opens one first");
        }
        checkAnswers(modal, command.fields);
        this.modal = undefined;
        const input = {
          ...where,
          channelId: modal.channelId,
          customId: modal.customId,
          fields: command.fields,
        };
        return this.interact("submitted a form", () => sim.modalSubmit(input));
      }
      case "as": {
        const userId = this.directory.userId(command.user);
        if (!world.guild.members.has(userId)) {
          throw new SandboxInputError(`@${command.user} is not a member of ${world.guild.name}`);
        }
        this.actorId = userId;
        return this.say(`you are @${this.actorName()} now`);
      }
      case "locale":
        if (!DISCORD_LOCALES.has(command.code)) {
          throw new SandboxInputError(`Discord has no language ${command.code}: try en-US, de or es-ES`);
        }
        this.locales.set(this.actorId, command.code);
        return this.say(`@${this.actorName()}'s Discord speaks ${command.code} now`);
      case "in":
        this.channelId = this.directory.channelId(command.channel);
        return this.say(`you are in #${this.channelName()} now`);
      case "log": {
        const id = command.channel === undefined ? this.channelId : this.directory.channelId(command.channel);
        const channel = world.guild.channels.get(id);
        const context = (message: SimMessage) => this.usedBy.get(message.interactionId ?? "");
        return this.say(
          ...channelLog(channel?.name ?? "?", channel?.messages ?? [], this.directory, context),
        );
      }
      case "members":
        return this.say(...memberList(world.guild, world.users, this.actorId));
      case "help":
        return this.say(...helpLines(this.commandSpecs()));
      case "quit":
        return "quit";
      case "nothing":
        return "ok";
    }
  }

  /** `menu "Warn" @bob` (a user menu) or `menu "Report" 1234…|last` (a message menu). */
  private menu(
    name: string,
    target: string,
    where: { guildId: string; userId: string; channelId: string; locale: string },
  ): Promise<LineResult> {
    const onUser = target.startsWith("@");
    const type = onUser ? ApplicationCommandType.User : ApplicationCommandType.Message;
    const menus = this.commandSpecs().filter((spec) => spec.type === type);
    if (!menus.some((spec) => spec.name === name)) {
      const known = menus.map((spec) => `"${spec.name}"`).join(", ") || "none";
      throw new SandboxInputError(
        `no ${onUser ? "member" : "message"} menu "${name}" (registered: ${known})`,
      );
    }
    const { sim } = this.options;
    if (onUser) {
      const targetId = this.directory.userId(target.slice(1));
      return this.interact(`used "${name}" on ${target}`, () => sim.userMenu({ ...where, name, targetId }));
    }
    const targetId = target === "last" ? this.lastMessageId() : target;
    return this.interact(`used "${name}" on a message`, () => sim.messageMenu({ ...where, name, targetId }));
  }

  private lastMessageId(): string {
    const last = this.options.world.guild.channels.get(this.channelId)?.messages.at(-1);
    if (!last) throw new SandboxInputError(`#${this.channelName()} has no messages yet`);
    return last.id;
  }

  private interact(what: string, start: () => InteractionHandle): Promise<LineResult> {
    const actorId = this.actorId;
    const channelId = this.channelId;
    const started = (): InteractionHandle => {
      const handle = start();
      this.usedBy.set(handle.id, `@${this.directory.userName(actorId) ?? "?"} ${what}`);
      return handle;
    };
    return exchange(this.exchangeOptions, started, (message) => {
      const modal = openModal(message, actorId, channelId);
      if (modal) this.modal = modal;
      else if (message.ephemeral) this.rememberPrivate(actorId, message);
    });
  }

  /** Keeps the latest version of an ephemeral message (an update arrives as a new copy, same id). */
  private rememberPrivate(viewerId: string, message: SimMessage): void {
    const index = this.privateMessages.findIndex((entry) => entry.message.id === message.id);
    if (index >= 0) this.privateMessages.splice(index, 1);
    this.privateMessages.push({ viewerId, message });
  }

  private visibleBotMessages(): SimMessage[] {
    const botId = this.options.sim.botUser.id;
    const channel = this.options.world.guild.channels.get(this.channelId);
    const visible = (channel?.messages ?? []).filter((message) => message.authorId === botId);
    for (const { viewerId, message } of this.privateMessages) {
      if (viewerId === this.actorId && message.channelId === this.channelId) visible.push(message);
    }
    return visible;
  }

  private say(...lines: string[]): LineResult {
    for (const line of lines) this.options.print(line);
    return "ok";
  }

  private actorName(): string {
    return this.directory.userName(this.actorId) ?? "?";
  }

  private channelName(): string {
    return this.directory.channelName(this.channelId) ?? "?";
  }
}
