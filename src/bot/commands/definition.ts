import type {
  APIApplicationCommandOption,
  ApplicationCommandOptionType,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";

/** Makes a JSON type readonly all the way down, so `as const` definitions satisfy it. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * A slash command as data, exactly as Discord receives it. Write definitions with
 * `as const satisfies ChatInputCommandDefinition` so handler arguments are typed from the options.
 */
export type ChatInputCommandDefinition = DeepReadonly<RESTPostAPIChatInputApplicationCommandsJSONBody>;
export type CommandOptionDefinition = DeepReadonly<APIApplicationCommandOption>;

type SubcommandType = ApplicationCommandOptionType.Subcommand;
type GroupType = ApplicationCommandOptionType.SubcommandGroup;

export type SubcommandOf<Options> = Options extends readonly (infer O)[]
  ? O extends { readonly type: SubcommandType }
    ? O
    : never
  : never;
export type GroupOf<Options> = Options extends readonly (infer O)[]
  ? O extends { readonly type: GroupType }
    ? O
    : never
  : never;

/** True when the command's options are subcommands or groups rather than plain arguments. */
export type HasSubcommands<C> = C extends { readonly options: infer Options }
  ? [SubcommandOf<Options> | GroupOf<Options>] extends [never]
    ? false
    : true
  : false;
