import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from "discord.js";

/*
 * discord.js re-exports discord-api-types' enums through a chain of module getters (five deep for option
 * types), and TypeScript compiles every use of an imported name to a read of that chain: about a
 * microsecond each on the path every interaction takes. Read here once, they are plain objects.
 */

export const OptionType = ApplicationCommandOptionType;
export const Flags = MessageFlags;
export const Permission = PermissionFlagsBits;
