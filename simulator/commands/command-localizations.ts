import type { APIApplicationCommand } from "discord-api-types/v10";

type Loose = Record<string, unknown>;

function withoutLocalizations(node: Loose): Loose {
  const { name_localizations: _names, description_localizations: _descriptions, ...rest } = node;
  if (Array.isArray(rest.options)) rest.options = (rest.options as Loose[]).map(withoutLocalizations);
  if (Array.isArray(rest.choices)) rest.choices = (rest.choices as Loose[]).map(withoutLocalizations);
  return rest;
}

/**
 * What Discord's command list answers: the full localisation dictionaries only when asked for with
 * `?with_localizations=true`; otherwise they are left out (Discord sends `*_localized` for the caller's
 * locale instead).
 */
export function listedCommands(commands: APIApplicationCommand[], query: URLSearchParams): unknown[] {
  if (query.get("with_localizations") === "true") return commands;
  return commands.map((command) => withoutLocalizations(command as unknown as Loose));
}
