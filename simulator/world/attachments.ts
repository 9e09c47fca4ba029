import { generateSnowflake } from "../core/snowflake";
import type { Clock, SimAttachment } from "../types";

/** Discord's upload limit for a bot in a server without boosts: a larger file is refused with 40005. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Files members uploaded (an attachment option), served under `/attachments/<id>/<name>` like Discord's CDN. */
export class AttachmentStore {
  private readonly files = new Map<string, Required<SimAttachment>>();
  /** `http://127.0.0.1:<port>`, set once the server listens. */
  base = "";

  constructor(private readonly clock: Clock) {}

  add(filename: string, data: Buffer): SimAttachment {
    const attachment = { id: generateSnowflake(this.clock()), filename, size: data.length, data };
    this.files.set(attachment.id, attachment);
    return attachment;
  }

  get(id: string): Required<SimAttachment> | undefined {
    return this.files.get(id);
  }

  url(attachment: Pick<SimAttachment, "id" | "filename">): string {
    return `${this.base}/attachments/${attachment.id}/${encodeURIComponent(attachment.filename)}`;
  }

  /** The bytes at a CDN path, when it names a stored file. */
  served(path: string): Buffer | undefined {
    const match = /^\/attachments\/(\d+)\//.exec(path);
    return match ? this.files.get(match[1] ?? "")?.data : undefined;
  }
}
