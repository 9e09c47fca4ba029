import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import { inject } from "tsyringe";
import { DiscordCdn, NotDiscordFileError } from "../../bot/discord-cdn";
import { UserError } from "../../errors/user-error";
import { service } from "../../service";
import { capped, MAX_IMPORT_BYTES, megabytes } from "./import-file";

/**
 * Downloads the file `/cases import` was given, from Discord's CDN alone, never inside a transaction: at
 * most `maxBytes` (refused before downloading when Discord says it is larger, and cut off when its bytes
 * turn out larger), within `timeoutMs` for the whole download.
 */
@service()
export class ImportDownloader {
  readonly limits = { maxBytes: MAX_IMPORT_BYTES, timeoutMs: 60_000 };

  constructor(@inject(DiscordCdn) private readonly cdn: DiscordCdn) {}

  async download(url: string, declaredSize: number, file: string): Promise<void> {
    const { maxBytes, timeoutMs } = this.limits;
    const tooLarge = () => new UserError("archive.file_too_large", { max: megabytes(maxBytes) });
    if (!this.cdn.serves(url)) throw new UserError("archive.not_discord_file");
    if (declaredSize > maxBytes) throw tooLarge();
    let response: Response;
    try {
      response = await this.cdn.get(url, AbortSignal.timeout(timeoutMs));
    } catch (error) {
      if (error instanceof NotDiscordFileError) throw new UserError("archive.not_discord_file");
      throw new UserError("archive.download_failed");
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new UserError("archive.download_failed");
    }
    const body = Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
    try {
      await pipeline(body, capped(maxBytes, tooLarge), createWriteStream(file));
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError("archive.download_failed");
    }
  }
}
