import { ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from "discord.js";
import type { UserMenuDefinition } from "../../bot/commands/menu";

const guildOnly = [InteractionContextType.Guild] as const;
const moderate = String(PermissionFlagsBits.ModerateMembers);

/** Right-click a member → Apps → …: the same permissions as the slash command each one stands for. */
const userMenu = (name: string) =>
  ({
    type: ApplicationCommandType.User,
    name,
    default_member_permissions: moderate,
    contexts: guildOnly,
  }) as const satisfies UserMenuDefinition;

export const WarnMenu = userMenu("Warn");
export const NoteMenu = userMenu("Note");
export const TimeoutMenu = userMenu("Timeout");
export const HistoryMenu = userMenu("History");
