import type { SimMessage } from "../../../simulator";

export type Verdict = "allowed" | "refused";

export interface Outcome {
  verdict: Verdict;
  /** The answer in short, for failure messages. */
  answer: string;
  /** The answer is an incident reply: the handler ran and failed unexpectedly. */
  incident: boolean;
}

/**
 * The wordings of a permission refusal. PermissionGuard (src/bot/permissions.ts): MissingPermissions,
 * OwnerOnly, GuildOnly, BotMissingPermissions; and the one rule a handler enforces itself, because the
 * server owner is exempt from it: `/config modrole` (src/cogs/config/moderator-role-rules.ts). Any other
 * answer, a domain error included ("there is no case #9"), means the handler ran: allowed.
 */
const PERMISSION_REFUSALS: readonly RegExp[] = [
  /^You need .+ to use .+\.$/s,
  /^Only the bot's owners can use .+\.$/,
  /^.+ only works in a server\.$/,
  /^I need the .+ permission in this channel to do that\.$/,
  /^Only the server owner or a member with the Administrator permission can change moderator roles\.$/,
];

const INCIDENT = /give the bot's operators incident `[^`]+`/;

function summary(reply: SimMessage): string {
  if (reply.choices) return `${reply.choices.length} suggestion(s)`;
  const embed = reply.embeds[0];
  const text = reply.content || (embed ? `[embed] ${embed.title ?? embed.description ?? ""}` : "[empty]");
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

/** A command's or a component's answer: refused when it is a permission refusal, else allowed. */
export function classifyReply(reply: SimMessage): Outcome {
  const refused = reply.ephemeral && PERMISSION_REFUSALS.some((pattern) => pattern.test(reply.content));
  return {
    verdict: refused ? "refused" : "allowed",
    answer: summary(reply),
    incident: INCIDENT.test(reply.content),
  };
}

/** Autocomplete has no way to say why: suggestions (there is always data to suggest) mean allowed. */
export function classifySuggestions(reply: SimMessage): Outcome {
  const count = reply.choices?.length ?? 0;
  return { verdict: count > 0 ? "allowed" : "refused", answer: summary(reply), incident: false };
}
