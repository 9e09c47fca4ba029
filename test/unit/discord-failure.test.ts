import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { translateDiscordError } from "../../src/bot/discord-errors";
import { classifyFailure, isRefusal } from "../../src/cogs/moderation/discord-failure";
import { DiscordCallTimeout } from "../../src/errors/job-errors";
import { UserError } from "../../src/errors/user-error";
import { translator } from "../../src/i18n/translator";
import { DatabaseUnavailableError } from "../../src/errors/database-errors";
import { CaseType } from "../../src/entities";

function apiError(status: number, code: number, message = "refused"): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, "DELETE", "/guilds/1/bans/2", {});
}

describe("classifyFailure: what a background job does with a failed Discord call", () => {
  it.each([
    ["50013", apiError(403, 50013), CaseType.Unban, "I no longer have Ban Members"],
    ["50013 on a kick", apiError(403, 50013), CaseType.Kick, "I no longer have Kick Members"],
    ["50001", apiError(403, 50001), CaseType.Ban, "I can no longer see that server"],
    ["10004 Unknown Guild", apiError(404, 10004), CaseType.Ban, "I'm no longer in that server"],
    ["10013 Unknown User", apiError(404, 10013), CaseType.Ban, "Discord no longer knows that user"],
    [
      "another 4xx",
      apiError(400, 50035, "Invalid Form Body"),
      CaseType.Ban,
      "Discord refused: Invalid Form Body",
    ],
  ])("settles %s for good", (_what, error, type, reason) => {
    const failure = classifyFailure(error, type);
    expect(failure.kind).toBe("refused");
    if (failure.kind === "refused") expect(translator("en").render(failure.reason)).toBe(reason);
  });

  it("says why in the guild's language", () => {
    const failure = classifyFailure(apiError(403, 50013), CaseType.Kick);
    if (failure.kind !== "refused") throw new Error("expected a refusal");
    expect(translator("de").render(failure.reason)).toBe(
      "Mir fehlt inzwischen die Berechtigung „Mitglieder kicken“",
    );
    expect(translator("es-ES").render(failure.reason)).toBe("Ya no tengo el permiso «Expulsar miembros»");
  });

  it.each([
    [
      "a 500",
      new HTTPError(500, "Internal Server Error", "DELETE", "/x", { files: undefined, body: undefined }),
    ],
    ["a 502 with a JSON body", apiError(502, 0)],
    ["a 429", apiError(429, 0)],
    ["a 401 (the bot's token, not the item)", apiError(401, 0)],
    [
      "a rate limit discord.js gave up on",
      new RateLimitError({
        timeToReset: 1000,
        limit: 1,
        method: "DELETE",
        hash: "h",
        url: "/x",
        route: "/x",
        majorParameter: "1",
        global: false,
        retryAfter: 1000,
        sublimitTimeout: 0,
        scope: "user",
      }),
    ],
    ["a network error", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })],
    ["the database", new DatabaseUnavailableError("the database is unavailable")],
  ])("retries %s later", (_what, error) => {
    expect(classifyFailure(error, CaseType.Unban)).toEqual({ kind: "transient" });
  });
});

describe("an action's failed Discord call: a refusal, or an answer that says nothing certain", () => {
  it.each([
    ["a 403", apiError(403, 50013), true],
    ["a 400", apiError(400, 50035), true],
    ["a 404 (may answer discord.js's retry of a request that landed)", apiError(404, 10007), false],
    [
      "a 500",
      new HTTPError(500, "Internal Server Error", "PUT", "/x", { files: undefined, body: undefined }),
      false,
    ],
    ["a timeout", new DiscordCallTimeout(1000), false],
  ])("%s is a refusal: %s", (_what, error, refusal) => {
    expect(isRefusal(error)).toBe(refusal);
  });

  it.each([
    ["discord.js's abort, from any realm", { name: "AbortError", message: "This operation was aborted" }],
    ["a job's own deadline", new DiscordCallTimeout(1000)],
  ])("tells the member Discord did not answer in time for %s, never an incident", (_what, error) => {
    const translated = translateDiscordError(error);
    expect(translated).toBeInstanceOf(UserError);
    expect((translated as UserError).render(translator("en"))).toBe(
      "Discord didn't answer in time; try again in a moment.",
    );
  });
});
