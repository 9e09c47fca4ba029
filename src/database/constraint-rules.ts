import type { MessageId } from "../i18n/resources";
import type { Message } from "../i18n/translator";

/**
 * What a constraint means, as a message a member can act on. PostgreSQL's own detail quotes the row's
 * values ("Key (guild_id, name_key)=(…, …) already exists"), so it is kept for the logs and never shown.
 */
const UNIQUE_RULES: Readonly<Record<string, MessageId>> = {
  ux_tags_name: "errors.conflict_tag_name",
  ux_member_groups_name: "errors.conflict_group_name",
  uq_cases_guild_number: "errors.conflict_case_number",
  uq_user_identities_one_primary: "errors.conflict_primary_identity",
};

export function uniqueRule(constraint: string | undefined): Message {
  return { id: (constraint && UNIQUE_RULES[constraint]) || "errors.conflict" };
}

export const FOREIGN_KEY_RULE: Message = { id: "errors.foreign_key" };
