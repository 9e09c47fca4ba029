import { apiErrors, SimApiError } from "../core/api-error";
import type { RouteContext, RouteDefinition, RouteResult } from "../rest/router";
import { ok } from "../rest/router";
import { asRecord, optionalString } from "../rest/fields";
import { computePermissions } from "../world/permissions";
import { userToApi } from "../world/serialize";
import type { World } from "../world/world";
import { consentPage } from "./consent-page";
import { TOKEN_LIFETIME_S, type OAuth2Store } from "./oauth-store";

const MAX_PICKER_USERS = 200;

/** The user behind the request's bearer token (set by the REST front for `auth: "user"` routes), if any. */
function bearerUser(context: RouteContext): string | undefined {
  return context.bearer?.userId;
}

function field(record: Record<string, unknown>, key: string): string {
  return optionalString(record, key) ?? "";
}

const page = (status: number, html: string): RouteResult => ({
  status,
  raw: { bytes: Buffer.from(html), contentType: "text/html; charset=utf-8" },
});

const redirect = (to: string): RouteResult => ({ status: 302, headers: { location: to } });

/** `/oauth2/authorize` (outside `/api`, as on discord.com): the consent page and its form. */
export function authorizePage(
  method: string,
  context: Pick<RouteContext, "query" | "body">,
  store: OAuth2Store,
  world: World,
): RouteResult {
  if (method === "GET") {
    const query = context.query;
    const clientId = query.get("client_id") ?? "";
    const redirectUri = query.get("redirect_uri") ?? "";
    const scope = query.get("scope") ?? "";
    if (clientId !== store.clientId) return page(400, "Invalid OAuth2 application: unknown client_id");
    if (query.get("response_type") !== "code") return page(400, "Invalid response_type");
    if (!URL.canParse(redirectUri)) return page(400, "Invalid OAuth2 redirect_uri");
    if (!scope.split(" ").includes("identify")) return page(400, "Invalid scope");
    const wanted = query.get("sim_user");
    const users = wanted
      ? [world.users.get(wanted)].filter((user) => user !== undefined)
      : [...world.users.values()].filter((user) => !user.bot).slice(0, MAX_PICKER_USERS);
    const state = query.get("state") ?? "";
    const appName = world.botUser.username;
    return page(200, consentPage({ clientId, redirectUri, scope, state, users, appName }));
  }
  const form = asRecord(context.body);
  const redirectUri = field(form, "redirect_uri");
  if (field(form, "client_id") !== store.clientId || !URL.canParse(redirectUri)) {
    return page(400, "Invalid OAuth2 request");
  }
  const target = new URL(redirectUri);
  const state = field(form, "state");
  if (field(form, "action") !== "authorize") {
    target.searchParams.set("error", "access_denied");
    target.searchParams.set(
      "error_description",
      "The resource owner or authorization server denied the request",
    );
  } else {
    const user = world.users.get(field(form, "user_id"));
    if (!user || user.bot) return page(400, "Unknown user");
    const scope = field(form, "scope");
    target.searchParams.set(
      "code",
      store.issueCode({ userId: user.id, clientId: store.clientId, redirectUri, scope }),
    );
  }
  if (state !== "") target.searchParams.set("state", state);
  return redirect(target.toString());
}

function clientCredentials(context: RouteContext, form: Record<string, unknown>): [string, string] {
  const basic = /^Basic (.+)$/.exec(context.headers.authorization ?? "")?.[1];
  if (basic) {
    const [id = "", secret = ""] = Buffer.from(basic, "base64").toString("utf8").split(":");
    return [decodeURIComponent(id), decodeURIComponent(secret)];
  }
  return [field(form, "client_id"), field(form, "client_secret")];
}

/** The token endpoint and what a bearer token may read: the user and their guilds. */
export function oauthApiRoutes(store: OAuth2Store, world: World): RouteDefinition[] {
  return [
    {
      method: "POST",
      pattern: "/oauth2/token",
      auth: false,
      handler: (context) => {
        const form = asRecord(context.body);
        if (field(form, "grant_type") !== "authorization_code") {
          return { status: 400, body: { error: "unsupported_grant_type" } };
        }
        const [clientId, clientSecret] = clientCredentials(context, form);
        const redeemed = store.redeem({
          code: field(form, "code"),
          clientId,
          clientSecret,
          redirectUri: field(form, "redirect_uri"),
        });
        if (!redeemed.ok)
          return { status: redeemed.error === "invalid_client" ? 401 : 400, body: { error: redeemed.error } };
        return ok({
          access_token: redeemed.accessToken,
          token_type: "Bearer",
          expires_in: TOKEN_LIFETIME_S,
          refresh_token: "not-modelled",
          scope: redeemed.scope,
        });
      },
    },
    {
      method: "GET",
      pattern: "/users/@me/guilds",
      auth: "user",
      handler: (context) => {
        const userId = bearerUser(context) ?? world.botUser.id;
        if (context.bearer && !context.bearer.scope.split(" ").includes("guilds"))
          throw apiErrors.unauthorized();
        const guilds = [...world.guilds.values()].filter((guild) => guild.members.has(userId));
        return ok(
          guilds.map((guild) => ({
            id: guild.id,
            name: guild.name,
            icon: null,
            banner: null,
            owner: guild.ownerId === userId,
            permissions: String(
              computePermissions({
                guildId: guild.id,
                ownerId: guild.ownerId,
                roles: guild.roles,
                member: guild.members.get(userId),
                channel: undefined,
                nowMs: world.clock(),
              }),
            ),
            features: [],
          })),
        );
      },
    },
  ];
}

/** `/users/@me`: the bot for its token, the signed-in user for a bearer token. */
export function currentUser(context: RouteContext, world: World): RouteResult {
  const userId = bearerUser(context);
  const user = userId === undefined ? world.botUser : world.users.get(userId);
  if (!user) throw new SimApiError(401, 0, "401: Unauthorized");
  return ok({ ...userToApi(user), verified: true, mfa_enabled: false, flags: 0 });
}
