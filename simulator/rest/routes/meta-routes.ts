import { apiErrors } from "../../core/api-error";
import { currentUser } from "../../oauth/oauth-routes";
import { dmChannelToApi, userToApi } from "../../world/serialize";
import { asRecord, optionalString } from "../fields";
import { ok, type RouteDefinition } from "../router";
import type { RouteServices } from "./services";

/** Gateway discovery, the bot's own user and application, users and DM channels. */
export function metaRoutes(services: RouteServices): RouteDefinition[] {
  const { world } = services;
  return [
    { method: "GET", pattern: "/gateway", auth: false, handler: () => ok({ url: services.gatewayUrl() }) },
    {
      method: "GET",
      pattern: "/gateway/bot",
      handler: () =>
        ok({
          url: services.gatewayUrl(),
          shards: services.shardCount,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 86_400_000,
            max_concurrency: services.maxConcurrency,
          },
        }),
    },
    {
      method: "GET",
      pattern: "/users/@me",
      auth: "user",
      handler: (context) => currentUser(context, world),
    },
    {
      method: "GET",
      pattern: "/applications/@me",
      handler: () =>
        ok({
          id: world.botUser.id,
          name: world.botUser.username,
          icon: null,
          description: "",
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: "0".repeat(64),
          owner: userToApi(services.applicationOwner),
          team: null,
          flags: 0,
          bot: userToApi(world.botUser),
          approximate_guild_count: world.guilds.size,
        }),
    },
    {
      method: "POST",
      pattern: "/users/@me/channels",
      handler: ({ body }) => {
        const recipientId = optionalString(asRecord(body), "recipient_id");
        const recipient = recipientId === undefined ? undefined : world.users.get(recipientId);
        if (!recipient) throw apiErrors.unknownUser();
        return ok(dmChannelToApi(world.dmChannelWith(recipient.id), recipient));
      },
    },
    {
      method: "GET",
      pattern: "/users/:user",
      handler: ({ params }) => {
        const user = world.users.get(params.user ?? "");
        if (!user) throw apiErrors.unknownUser();
        return ok(userToApi(user));
      },
    },
  ];
}
