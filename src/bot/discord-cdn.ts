import { inject } from "tsyringe";
import type { Config } from "../config";
import { service } from "../service";
import { TOKENS } from "../tokens";

/** Where Discord serves attachments. */
export const DISCORD_CDN_ORIGINS = ["https://cdn.discordapp.com", "https://media.discordapp.net"] as const;
/** A CDN answer that moves the file is followed this many times at most, each to a CDN origin. */
const MAX_REDIRECTS = 3;

/** A URL (or a redirect) that points somewhere other than Discord's CDN: nothing was downloaded from it. */
export class NotDiscordFileError extends Error {
  constructor(readonly url: string) {
    super(`not a Discord CDN URL: ${url}`);
  }
}

/**
 * Downloads attachments from Discord's CDN alone (and DISCORD_CDN_URL's origin: a proxy, or the test
 * simulator). Discord writes attachment URLs, so anything else is refused as defence in depth: a bot that
 * fetched any URL it was handed could be made to reach hosts only it can reach.
 */
@service()
export class DiscordCdn {
  private readonly origins: ReadonlySet<string>;

  constructor(@inject(TOKENS.Config) config: Config) {
    const extra = config.DISCORD_CDN_URL ? [new URL(config.DISCORD_CDN_URL).origin] : [];
    this.origins = new Set([...DISCORD_CDN_ORIGINS, ...extra]);
  }

  /** Whether `url` is a file on the CDN (no user name or password in it). */
  serves(url: string): boolean {
    if (!URL.canParse(url)) return false;
    const parsed = new URL(url);
    return parsed.username === "" && parsed.password === "" && this.origins.has(parsed.origin);
  }

  /**
   * GET `url` from the CDN: a NotDiscordFileError before any request when it is elsewhere, and when a
   * redirect points elsewhere (that request is not made). `signal` bounds the whole download, body included.
   */
  async get(url: string, signal: AbortSignal): Promise<Response> {
    let next = url;
    for (let hop = 0; ; hop++) {
      if (!this.serves(next)) throw new NotDiscordFileError(next);
      const response = await fetch(next, { signal, redirect: "manual" });
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      if (hop === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects from ${url}`);
      next = new URL(location, next).toString();
    }
  }
}
