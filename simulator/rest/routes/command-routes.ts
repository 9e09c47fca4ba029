import { listedCommands } from "../../commands/command-localizations";
import { apiErrors } from "../../core/api-error";
import { guildFor } from "../../world/access";
import { created, noContent, ok, type RouteContext, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

/** Global and guild application commands: list, bulk overwrite, create, get, edit, delete. */
export function commandRoutes(services: RouteServices): RouteDefinition[] {
  const { commands, world } = services;
  /** The command scope of a request: undefined = global, else a guild the bot is in. */
  const scope = ({ params }: RouteContext): string | undefined => {
    if (params.app !== world.botUser.id) throw apiErrors.missingAccess();
    return params.guild === undefined ? undefined : guildFor(world, params.guild).id;
  };
  const routes = (base: string): RouteDefinition[] => [
    {
      method: "GET",
      pattern: base,
      handler: (context) => ok(listedCommands(commands.list(scope(context)), context.query)),
    },
    {
      method: "PUT",
      pattern: base,
      handler: (context) => ok(commands.replace(scope(context), context.body)),
    },
    {
      method: "POST",
      pattern: base,
      handler: (context) => {
        const result = commands.upsert(scope(context), context.body);
        return result.created ? created(result.command) : ok(result.command);
      },
    },
    {
      method: "GET",
      pattern: `${base}/:command`,
      handler: (context) => ok(commands.get(scope(context), context.params.command ?? "")),
    },
    {
      method: "PATCH",
      pattern: `${base}/:command`,
      handler: (context) => ok(commands.patch(scope(context), context.params.command ?? "", context.body)),
    },
    {
      method: "DELETE",
      pattern: `${base}/:command`,
      handler: (context) => {
        commands.remove(scope(context), context.params.command ?? "");
        return noContent();
      },
    },
  ];
  return [...routes("/applications/:app/commands"), ...routes("/applications/:app/guilds/:guild/commands")];
}
