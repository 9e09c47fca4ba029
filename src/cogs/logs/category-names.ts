import type { LogCategory } from "../../entities";
import type { MessageId } from "../../i18n/resources";

/** Each server-log category's name, as members read it. */
export const CATEGORY_NAMES: Record<LogCategory, MessageId> = {
  members: "logs.category_members",
  messages: "logs.category_messages",
  roles: "logs.category_roles",
  channels: "logs.category_channels",
};
