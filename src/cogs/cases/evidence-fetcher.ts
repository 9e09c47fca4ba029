import { createHash } from "node:crypto";
import { inject } from "tsyringe";
import { DiscordCdn, NotDiscordFileError } from "../../bot/discord-cdn";
import { UserError } from "../../errors/user-error";
import { service } from "../../service";
import { formatBytes } from "./evidence-lines";

export interface Digest {
  sizeBytes: number;
  sha256: string;
}

const tooBig = (maxBytes: number) => new UserError("cases.evidence_too_big", { max: formatBytes(maxBytes) });
const unreachable = (detail: string) => new UserError("cases.evidence_unreachable", { detail });
const notDiscord = () => new UserError("cases.evidence_not_discord");

/**
 * Downloads an attachment once, from Discord's CDN alone, to fingerprint it: at most `maxBytes` (a bigger
 * file is refused without reading past the limit) within `timeoutMs`, nothing kept but its size and SHA-256.
 */
@service()
export class EvidenceFetcher {
  /** Discord's own upload limit for most servers, and a wait a moderator will sit through. */
  readonly limits = { maxBytes: 10 * 1024 * 1024, timeoutMs: 10_000 };

  constructor(@inject(DiscordCdn) private readonly cdn: DiscordCdn) {}

  async digest(url: string, declaredSize: number): Promise<Digest> {
    const { maxBytes, timeoutMs } = this.limits;
    if (!this.cdn.serves(url)) throw notDiscord();
    if (declaredSize > maxBytes) throw tooBig(maxBytes);
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await this.cdn.get(url, signal);
    } catch (error) {
      if (error instanceof NotDiscordFileError) throw notDiscord();
      throw unreachable(signal.aborted ? "timed out" : describe(error));
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw unreachable(`HTTP ${response.status}`);
    }
    const hash = createHash("sha256");
    let sizeBytes = 0;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        sizeBytes += value.byteLength;
        if (sizeBytes > maxBytes) throw tooBig(maxBytes);
        hash.update(value);
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      if (error instanceof UserError) throw error;
      throw unreachable(signal.aborted ? "timed out" : describe(error));
    }
    return { sizeBytes, sha256: hash.digest("hex") };
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = typeof cause === "object" && cause !== null && "code" in cause ? cause.code : undefined;
  return typeof code === "string" ? code : "no answer";
}
