import {
  InteractionContextType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from "discord.js";
import type { HandlerResult } from "../interactions/reply";
import { textInput } from "../text-input";
import type { GuildInteractionContext, InteractionContext } from "../interactions/context";
import type { ArgsOf } from "./arguments";
import type { ChatInputCommandDefinition, GroupOf, HasSubcommands, SubcommandOf } from "./definition";

/**
 * Who may run a command, checked at run time on top of Discord's `default_member_permissions`:
 * - `everyone`: anyone who has the definition's default permissions (if it sets any);
 * - `moderator`: those permissions, Administrator, or one of the guild's moderator roles;
 * - `owner`: only the users in OWNER_IDS.
 */
export type Access = "everyone" | "moderator" | "owner";

export interface HandlerPolicy {
  access?: Access;
  /** Answers are ephemeral unless the reply says otherwise; also decides how an automatic defer looks. */
  ephemeral?: boolean;
  /** Permissions the bot itself needs in the channel, checked before the handler runs. */
  botPermissions?: bigint;
  /**
   * Permissions the member needs on top of the definition's `default_member_permissions`, for a
   * subcommand stricter than its command (`/tag create` while `/tag use` is for everyone). Checked at
   * run time only, for the subcommand and its autocomplete and components alike.
   */
  memberPermissions?: bigint;
  /**
   * Options turned from text into the value the handler gets, after Discord's own limits and before the
   * DTO: a duration into milliseconds, parsed once. A parser refuses with a ValidationError naming the option.
   */
  parse?: OptionParsers;
  /** A class-validator DTO for rules beyond Discord's own; its properties are named after the options. */
  dto?: new () => object;
}

/** Turns one option's text into the value its handler gets; throws a ValidationError naming the option. */
export type OptionParser<V> = (text: string, option: string) => V;
export type OptionParsers = Readonly<Record<string, OptionParser<unknown>>>;

/**
 * The arguments once the parsers have run: a parsed option has the parser's type. A policy typed only as
 * HandlerPolicy (no literal parsers) leaves the arguments as the definition gives them.
 */
type Parsed<Args, P> = string extends keyof P ? Args : ParsedBy<Args, P>;
type ParsedBy<Args, P> = {
  [K in keyof Args]: K extends keyof P
    ? P[K] extends OptionParser<infer V>
      ? undefined extends Args[K]
        ? V | undefined
        : V
      : Args[K]
    : Args[K];
};

export type CommandContext = InteractionContext<ChatInputCommandInteraction>;
/** The context of a guild-only command (`contexts: [InteractionContextType.Guild]`). */
export type GuildCommandContext = GuildInteractionContext<ChatInputCommandInteraction>;
export type CommandHandler<Args, Context = CommandContext> = (
  context: Context,
  args: Args,
) => Promise<HandlerResult>;
export type HandlerSpec<Args, Context = CommandContext> =
  CommandHandler<Args, Context> | (HandlerPolicy & { run: CommandHandler<Args, Context> });

type OptionsOf<C> = C extends { readonly options: infer Options } ? Options : undefined;
type NameOf<O> = O extends { readonly name: infer N extends string } ? N : never;

/** Whether a definition may only be used in a guild: then its handlers get a GuildCommandContext. */
export type IsGuildOnly<C> = C extends { readonly contexts: readonly [InteractionContextType.Guild] }
  ? true
  : false;
type ContextOf<C> = IsGuildOnly<C> extends true ? GuildCommandContext : CommandContext;

type SubcommandHandlers<Options, Context, P> = {
  [S in SubcommandOf<Options> as NameOf<S>]: HandlerSpec<Parsed<ArgsOf<OptionsOf<S>>, P>, Context>;
};
type GroupHandlers<Options, Context, P> = {
  [G in GroupOf<Options> as NameOf<G>]: SubcommandHandlers<OptionsOf<G>, Context, P>;
};

/** One handler per subcommand (nested under its group), or a single handler for a plain command. */
export type HandlersOf<C, P = Record<never, never>> =
  HasSubcommands<C> extends true
    ? SubcommandHandlers<OptionsOf<C>, ContextOf<C>, P> & GroupHandlers<OptionsOf<C>, ContextOf<C>, P>
    : HandlerSpec<Parsed<ArgsOf<OptionsOf<C>>, P>, ContextOf<C>>;

/** Whether a definition declares it may only be used in guilds (checked by the router before any handler). */
export function isGuildOnly(definition: { readonly name: string }): boolean {
  const contexts = (definition as { readonly contexts?: readonly number[] }).contexts;
  return contexts?.length === 1 && contexts[0] === InteractionContextType.Guild;
}

export interface AutocompleteChoice {
  name: string;
  value: string | number;
}
export type AutocompleteHandler = (
  interaction: AutocompleteInteraction,
  focused: { name: string; value: string },
) => Promise<readonly AutocompleteChoice[]>;

/** A command as the loader and router see it: types erased, definition kept verbatim. */
export interface CommandRegistration {
  readonly definition: ChatInputCommandDefinition;
  readonly handlers: unknown;
  readonly policy: HandlerPolicy;
  readonly autocomplete?: AutocompleteHandler;
}

/** Declares a slash command: its definition, its handlers typed from that definition, and its policy. */
export function slashCommand<
  const C extends ChatInputCommandDefinition,
  const P extends OptionParsers = Record<never, never>,
>(
  definition: C,
  handlers: HandlersOf<C, P>,
  policy: HandlerPolicy & { autocomplete?: AutocompleteHandler; parse?: P } = {},
): CommandRegistration {
  const { autocomplete, ...rest } = policy;
  if (!autocomplete) return { definition, handlers, policy: rest };
  const normalised: AutocompleteHandler = (interaction, focused) =>
    autocomplete(interaction, { name: focused.name, value: textInput(focused.value) });
  return { definition, handlers, policy: rest, autocomplete: normalised };
}

export type ComponentInteraction = MessageComponentInteraction | ModalSubmitInteraction;

/** A command, or one of its subcommands: `["cases"]`, `["case", "show"]`, `["test", "db", "roles"]`. */
export type CommandPath = readonly [string, ...string[]];

export interface ComponentPolicy extends Pick<HandlerPolicy, "ephemeral"> {
  /** The press edits the message the component is on (a defer acknowledges it as an update). */
  updatesMessage?: boolean;
  /**
   * The command whose permission check (access, default member permissions, the bot's permissions) every
   * press re-runs against the member pressing it now: whoever may no longer run it may no longer press.
   */
  checkedAs: CommandPath;
  /** The custom id carries an HMAC (`ComponentSigner`): a forged or edited id is refused before `run`. */
  signed?: boolean;
}

/**
 * A button, select or modal handler, found by the part of the custom id before the first `:`; the rest
 * (`payload`) carries whatever state the component needs, such as a page number or a case id. That state
 * is never trusted for authorization.
 */
export interface ComponentRegistration {
  readonly prefix: string;
  readonly kind: "component" | "modal";
  readonly policy: ComponentPolicy;
  /** Pressed only in a guild Warden is in: `run` gets a GuildComponentContext. */
  readonly guildOnly: boolean;
  readonly run: (
    context: InteractionContext<ComponentInteraction>,
    payload: string,
  ) => Promise<HandlerResult>;
}

export type ComponentContext = InteractionContext<ComponentInteraction>;
export type GuildComponentContext = GuildInteractionContext<ComponentInteraction>;
type ComponentRun = ComponentRegistration["run"];
type GuildComponentRun = (context: GuildComponentContext, payload: string) => Promise<HandlerResult>;

export function componentHandler(
  prefix: string,
  run: ComponentRun,
  policy: ComponentPolicy,
): ComponentRegistration {
  return { prefix, kind: "component", run, policy, guildOnly: false };
}

export function modalHandler(
  prefix: string,
  run: ComponentRun,
  policy: ComponentPolicy,
): ComponentRegistration {
  return { prefix, kind: "modal", run, policy, guildOnly: false };
}

/** A component of a guild-only command: the router refuses it outside a guild, so `run` has one. */
export function guildComponentHandler(
  prefix: string,
  run: GuildComponentRun,
  policy: ComponentPolicy,
): ComponentRegistration {
  return { prefix, kind: "component", run: run as ComponentRun, policy, guildOnly: true };
}

/** A modal of a guild-only command (see guildComponentHandler). */
export function guildModalHandler(
  prefix: string,
  run: GuildComponentRun,
  policy: ComponentPolicy,
): ComponentRegistration {
  return { prefix, kind: "modal", run: run as ComponentRun, policy, guildOnly: true };
}
