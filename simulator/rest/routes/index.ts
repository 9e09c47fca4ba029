import type { RouteDefinition } from "../router";
import { autoModRoutes } from "./automod-routes";
import { banRoutes } from "./ban-routes";
import { channelRoutes } from "./channel-routes";
import { channelSettingsRoutes } from "./channel-settings-routes";
import { commandRoutes } from "./command-routes";
import { guildRoutes } from "./guild-routes";
import { interactionRoutes } from "./interaction-routes";
import { inviteRoutes } from "./invite-routes";
import { memberRoutes } from "./member-routes";
import { metaRoutes } from "./meta-routes";
import type { RouteServices } from "./services";

/** Every implemented route. Within one method and length, literal routes come before `:param` ones. */
export function allRoutes(services: RouteServices): RouteDefinition[] {
  return [
    ...metaRoutes(services),
    ...commandRoutes(services),
    ...interactionRoutes(services),
    ...channelRoutes(services),
    ...channelSettingsRoutes(services),
    ...guildRoutes(services),
    ...memberRoutes(services),
    ...banRoutes(services),
    ...inviteRoutes(services),
    ...autoModRoutes(services),
  ];
}

export type { RouteServices } from "./services";
