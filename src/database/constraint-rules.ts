/**
 * What a constraint means, in words a member can act on. PostgreSQL's own detail quotes the row's values
 * ("Key (guild_id, name_key)=(…, …) already exists"), so it is kept for the logs and never shown.
 */
const UNIQUE_RULES: Readonly<Record<string, string>> = {
  ux_tags_name: "A tag with that name already exists.",
  ux_member_groups_name: "A group with that name already exists.",
  uq_cases_guild_number: "That case number is already taken.",
  uq_user_identities_one_primary: "An account can have only one primary identity.",
};

export const GENERIC_CONFLICT = "That conflicts with something that already exists.";
export const GENERIC_FOREIGN_KEY =
  "That refers to something that no longer exists, or something else still depends on it.";

export function uniqueRule(constraint: string | undefined): string {
  return (constraint && UNIQUE_RULES[constraint]) || GENERIC_CONFLICT;
}
