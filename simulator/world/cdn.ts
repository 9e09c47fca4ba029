import type { APIAttachment } from "discord-api-types/v10";
import { apiErrors } from "../core/api-error";
import { generateSnowflake } from "../core/snowflake";
import type { Clock } from "../types";

/** Discord's upload limit for a bot in a server without boosts: a larger file is refused with 40005. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A file a member uploaded (e.g. as a slash command's attachment option), served by the fake CDN. */
export interface SimUpload {
  id: string;
  filename: string;
  bytes: Buffer;
  contentType: string;
  /** The size Discord reports; the bytes' length unless a test says otherwise (to model a lying client). */
  size: number;
  /** Where its URL points instead of this CDN (Discord never writes such a URL: defence-in-depth tests). */
  origin: string | null;
}

/** The fake CDN: `GET /attachments/:id/:filename` on the simulator's port answers the uploaded bytes. */
export class SimCdn {
  private readonly uploads = new Map<string, SimUpload>();
  baseUrl = "http://127.0.0.1:0";

  constructor(private readonly clock: Clock) {}

  upload(init: {
    filename: string;
    content: Buffer | string;
    contentType?: string;
    size?: number;
    origin?: string;
  }): SimUpload {
    const bytes = Buffer.isBuffer(init.content) ? init.content : Buffer.from(init.content);
    const upload: SimUpload = {
      id: generateSnowflake(this.clock()),
      filename: init.filename,
      bytes,
      contentType: init.contentType ?? "application/octet-stream",
      size: init.size ?? bytes.length,
      origin: init.origin ?? null,
    };
    this.uploads.set(upload.id, upload);
    return upload;
  }

  get(id: string): SimUpload | undefined {
    return this.uploads.get(id);
  }

  /** Removes a file, as Discord does once its message is gone: its URL then answers 404. */
  remove(id: string): void {
    this.uploads.delete(id);
  }

  url(upload: SimUpload): string {
    return `${upload.origin ?? this.baseUrl}/attachments/${upload.id}/${encodeURIComponent(upload.filename)}`;
  }

  toApi(upload: SimUpload): APIAttachment {
    const url = this.url(upload);
    return {
      id: upload.id,
      filename: upload.filename,
      size: upload.size,
      url,
      proxy_url: url,
      content_type: upload.contentType,
    };
  }

  /** The bytes at `/attachments/:id/:filename`, or Discord's CDN 404. */
  serve(path: string): { bytes: Buffer; contentType: string } {
    const [, , id, name] = path.split("/");
    const upload = id === undefined ? undefined : this.uploads.get(id);
    if (!upload || name !== upload.filename) throw apiErrors.notFound();
    return { bytes: upload.bytes, contentType: upload.contentType };
  }
}
