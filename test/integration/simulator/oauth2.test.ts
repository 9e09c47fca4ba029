import { PermissionFlagsBits } from "discord.js";
import { DiscordSimulator, type SimGuild, type SimUser } from "../../../simulator";

const REDIRECT = "http://127.0.0.1:1/auth/callback";

/** Discord's OAuth2 authorization-code flow, as the simulator plays it: consent, code, token, bearer reads. */
describe("the simulator's OAuth2 endpoints", () => {
  let sim: DiscordSimulator;
  let guild: SimGuild;
  let other: SimGuild;
  let alice: SimUser;

  beforeAll(async () => {
    sim = await DiscordSimulator.start();
    guild = sim.createGuild({ name: "Alice's" });
    other = sim.createGuild({ name: "Elsewhere" });
    sim.createGuild({ name: "Without Alice" });
    alice = sim.createUser({ username: "alice" });
    const mods = guild.createRole({ name: "Mods", permissions: PermissionFlagsBits.ModerateMembers });
    guild.addMember(alice.id, { roles: [mods.id] });
    other.addMember(alice.id);
  });
  afterAll(() => sim.close());

  const authorizeQuery = (extra: Record<string, string> = {}) =>
    new URLSearchParams({
      client_id: sim.oauth2.clientId,
      redirect_uri: REDIRECT,
      response_type: "code",
      scope: "identify guilds",
      state: "the-state",
      ...extra,
    });

  /** Presses Authorize on the consent page as `user`: the redirect's URL. */
  async function authorize(user: SimUser, action = "authorize"): Promise<URL> {
    const response = await fetch(sim.authorizeUrl, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: sim.oauth2.clientId,
        redirect_uri: REDIRECT,
        scope: "identify guilds",
        state: "the-state",
        user_id: user.id,
        action,
      }),
    });
    expect(response.status).toBe(302);
    return new URL(response.headers.get("location") ?? "");
  }

  const token = (fields: Record<string, string>) =>
    fetch(`${sim.apiUrl}/v10/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: sim.oauth2.clientId,
        client_secret: sim.oauth2.clientSecret,
        redirect_uri: REDIRECT,
        ...fields,
      }),
    });

  const asBearer = (path: string, accessToken: string) =>
    fetch(`${sim.apiUrl}/v10${path}`, { headers: { authorization: `Bearer ${accessToken}` } });

  it("shows a consent page with an Authorize button and a picker of users, or only the one asked for", async () => {
    const everyone = await (await fetch(`${sim.authorizeUrl}?${authorizeQuery()}`)).text();
    expect(everyone).toContain('<button type="submit" name="action" value="authorize">Authorize</button>');
    expect(everyone).toContain(`<option value="${alice.id}">alice`);
    const one = await (await fetch(`${sim.authorizeUrl}?${authorizeQuery({ sim_user: alice.id })}`)).text();
    expect(one.match(/<option /g)).toHaveLength(1);
    const wrongClient = await fetch(`${sim.authorizeUrl}?${authorizeQuery({ client_id: "1" })}`);
    expect(wrongClient.status).toBe(400);
  });

  it("redirects with a code and the state, which the token endpoint redeems once for a bearer token", async () => {
    const back = await authorize(alice);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("the-state");
    const code = back.searchParams.get("code") ?? "";
    const first = await token({ code });
    expect(first.status).toBe(200);
    const granted = (await first.json()) as { access_token: string; token_type: string; scope: string };
    expect(granted).toMatchObject({ token_type: "Bearer", scope: "identify guilds" });
    const again = await token({ code });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: "invalid_grant" });

    const me = (await (await asBearer("/users/@me", granted.access_token)).json()) as { id: string };
    expect(me.id).toBe(alice.id);
    const guilds = (await (await asBearer("/users/@me/guilds", granted.access_token)).json()) as Array<{
      id: string;
      permissions: string;
      owner: boolean;
    }>;
    expect(guilds.map((entry) => entry.id).sort()).toEqual([guild.id, other.id].sort());
    const inGuild = guilds.find((entry) => entry.id === guild.id);
    expect(BigInt(inGuild?.permissions ?? "0") & PermissionFlagsBits.ModerateMembers).not.toBe(0n);
    expect(inGuild?.owner).toBe(false);
  });

  it("refuses a wrong client secret, another redirect URI, and an unknown bearer token", async () => {
    const wrongSecret = await token({
      code: (await authorize(alice)).searchParams.get("code") ?? "",
      client_secret: "x",
    });
    expect(wrongSecret.status).toBe(401);
    const elsewhere = await token({
      code: (await authorize(alice)).searchParams.get("code") ?? "",
      redirect_uri: "http://127.0.0.1:2/auth/callback",
    });
    expect(await elsewhere.json()).toEqual({ error: "invalid_grant" });
    expect((await asBearer("/users/@me", "forged")).status).toBe(401);
    expect((await asBearer("/guilds/" + guild.id, "forged")).status).toBe(401);
  });

  it("redirects with access_denied when the user cancels, and still answers the bot its own user", async () => {
    const back = await authorize(alice, "cancel");
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
    const bot = await fetch(`${sim.apiUrl}/v10/users/@me`, {
      headers: { authorization: `Bot ${sim.token}` },
    });
    expect(((await bot.json()) as { id: string }).id).toBe(sim.botUser.id);
  });
});
