import type { CommandInput, ComponentInput, ModalSubmitInput } from "../../../simulator";
import { MEMBER_KINDS, type FuzzWorld, type MemberKind } from "./fuzz-world";
import { chance, hostileText, pick, type Random } from "./hostile-text";
import { focusedValue, MAX_STRING_OPTION, optionValue, type OptionValue } from "./hostile-values";
import { leafLabel, type CommandLeaf, type FuzzSurface } from "./surface";

/** One interaction to send, as data (so a failing one can be printed and replayed). */
export type FuzzAction =
  | { kind: "command"; member: MemberKind; input: CommandInput }
  | { kind: "autocomplete"; member: MemberKind; input: CommandInput & { focused: string } }
  | { kind: "button"; member: MemberKind; input: ComponentInput }
  | { kind: "modal"; member: MemberKind; input: ModalSubmitInput };

/** A bot message with components on it, and the custom ids it carries (found during set-up). */
export interface PressableMessage {
  messageId: string;
  channelId: string;
  customIds: readonly string[];
}

const ACTION_WEIGHTS = { command: 0.8, autocomplete: 0.08, button: 0.08, modal: 0.04 } as const;

/**
 * Schema-driven interactions: every command leaf the cogs register, options filled with hostile values of
 * their type (or left out when optional), sent by members of every kind; plus autocompletes with hostile
 * typed text, button presses with real, edited and forged custom ids, and modal submits nobody asked for.
 * Deterministic for a seed and the same set-up.
 */
export class InteractionGenerator {
  constructor(
    private readonly surface: FuzzSurface,
    private readonly world: FuzzWorld,
    private readonly botId: string,
    private readonly random: Random,
    private readonly pressable: readonly PressableMessage[],
  ) {}

  next(): FuzzAction {
    const member = pick(this.random, MEMBER_KINDS);
    const roll = this.random();
    if (roll < ACTION_WEIGHTS.command) return { kind: "command", member, input: this.command(member) };
    if (roll < ACTION_WEIGHTS.command + ACTION_WEIGHTS.autocomplete) {
      const autocomplete = this.autocomplete(member);
      if (autocomplete) return { kind: "autocomplete", member, input: autocomplete };
      return { kind: "command", member, input: this.command(member) };
    }
    if (roll < 1 - ACTION_WEIGHTS.modal && this.pressable.length > 0)
      return { kind: "button", member, input: this.button(member) };
    return { kind: "modal", member, input: this.modal(member) };
  }

  /** A message some member posts meanwhile (the activity and message-log listeners read every one). */
  message(): { channelId: string; userId: string; content: string } {
    const { text, modLog, announcement, voice } = this.world.channels;
    const userId = pick(this.random, [...Object.values(this.world.invokers), ...this.world.targets]);
    const content = hostileText(this.world, this.random).slice(0, 2000);
    return { channelId: pick(this.random, [text, text, modLog, announcement, voice]), userId, content };
  }

  private where(member: MemberKind): { guildId: string; userId: string; channelId: string } {
    const { text, modLog, announcement, voice } = this.world.channels;
    const channelId = chance(this.random, 0.7) ? text : pick(this.random, [modLog, announcement, voice]);
    return { guildId: this.world.guild.id, userId: this.world.invokers[member], channelId };
  }

  private command(member: MemberKind): CommandInput {
    const leaf = pick(this.random, this.surface.leaves);
    const userId = this.world.invokers[member];
    const options: Record<string, OptionValue> = {};
    for (const option of leaf.options) {
      const required = "required" in option && option.required === true;
      if (!required && chance(this.random, 0.5)) continue;
      options[option.name] = optionValue(option, this.world, userId, this.botId, this.random);
    }
    return { ...this.where(member), ...path(leaf), options: withinDiscordTotal(options) };
  }

  private autocomplete(member: MemberKind): (CommandInput & { focused: string }) | undefined {
    const leaves = this.surface.leaves.filter((leaf) => leaf.autocompletes.length > 0);
    if (leaves.length === 0) return undefined;
    const leaf = pick(this.random, leaves);
    const focused = pick(this.random, leaf.autocompletes);
    const userId = this.world.invokers[member];
    const options: Record<string, OptionValue> = {};
    for (const option of leaf.options) {
      if (option.name === focused) options[option.name] = focusedValue(option, this.world, this.random);
      else if (chance(this.random, 0.3))
        options[option.name] = optionValue(option, this.world, userId, this.botId, this.random);
    }
    return { ...this.where(member), ...path(leaf), options, focused };
  }

  private button(member: MemberKind): ComponentInput {
    const message = pick(this.random, this.pressable);
    const real = pick(this.random, message.customIds);
    const prefixes = this.surface.components.map((component) => component.prefix);
    const prefix = pick(this.random, prefixes.length > 0 ? prefixes : ["none"]);
    const customId = pick(this.random, [
      real,
      real,
      flipOne(real, this.random),
      real.replace(/^[^:]*/, pick(this.random, prefixes.length > 0 ? prefixes : ["x"])),
      `${prefix}:${Math.floor(this.random() * 1e6)}`,
      `${prefix}:${Math.floor(this.random() * 1e6)}~AAAAAAAAAAAAAAAA`,
      `${prefix}:`,
      prefix,
      `${prefix}:${"9".repeat(80)}`,
      `${prefix}:-1:999999999999999999999~${"x".repeat(16)}`,
      "nope:1",
      "",
      ":",
      "a".repeat(100),
      `${prefix}:\u0000`,
      hostileText(this.world, this.random).slice(0, 100),
    ]);
    const { guildId, userId } = this.where(member);
    return { guildId, userId, channelId: message.channelId, messageId: message.messageId, customId };
  }

  private modal(member: MemberKind): ModalSubmitInput {
    const prefixes = this.surface.components.map((component) => component.prefix);
    const customId = pick(this.random, [
      ...prefixes.map((prefix) => `${prefix}:1`),
      "modal:1",
      "",
      hostileText(this.world, this.random).slice(0, 100),
    ]);
    const fields: Record<string, string> = {};
    const count = Math.floor(this.random() * 4);
    for (let index = 0; index < count; index += 1)
      fields[pick(this.random, ["reason", "value", "name", `f${index}`])] = hostileText(
        this.world,
        this.random,
      ).slice(0, 4000);
    return { ...this.where(member), customId, fields };
  }
}

function path(leaf: CommandLeaf): Pick<CommandInput, "name" | "group" | "subcommand"> {
  return {
    name: leaf.name,
    ...(leaf.group !== undefined ? { group: leaf.group } : {}),
    ...(leaf.subcommand !== undefined ? { subcommand: leaf.subcommand } : {}),
  };
}

/** Discord accepts at most 6,000 characters of option text in one command: trim the longest until it fits. */
function withinDiscordTotal(options: Record<string, OptionValue>): Record<string, OptionValue> {
  const total = () =>
    Object.values(options).reduce<number>(
      (sum, value) => sum + (typeof value === "string" ? value.length : 0),
      0,
    );
  while (total() > MAX_STRING_OPTION) {
    const [name, value] = Object.entries(options)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string")
      .sort((a, b) => b[1].length - a[1].length)[0] as [string, string];
    options[name] = value.slice(0, Math.floor(value.length / 2));
  }
  return options;
}

function flipOne(text: string, random: Random): string {
  if (text.length === 0) return "x";
  const at = Math.floor(random() * text.length);
  const flipped = text[at] === "A" ? "B" : "A";
  return text.slice(0, at) + flipped + text.slice(at + 1);
}

/** A one-line description of an action, for reports and replays. */
export function describeAction(action: FuzzAction): string {
  const who = `as ${action.member}`;
  const shorten = (value: unknown) => {
    const text = JSON.stringify(value);
    return text.length > 160 ? `${text.slice(0, 150)}…(${text.length} chars)` : text;
  };
  switch (action.kind) {
    case "command":
    case "autocomplete": {
      const label = leafLabel(action.input);
      const focus = action.kind === "autocomplete" ? ` focused:${action.input.focused}` : "";
      return `${action.kind} ${label}${focus} ${shorten(action.input.options ?? {})} ${who}`;
    }
    case "button":
      return `button ${shorten(action.input.customId)} on ${action.input.messageId ?? "?"} ${who}`;
    case "modal":
      return `modal ${shorten(action.input.customId)} ${shorten(action.input.fields)} ${who}`;
  }
}
