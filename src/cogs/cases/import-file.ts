import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import type { LineSource } from "../../controllers/case-archive/case-archive-controller";
import { UserError } from "../../errors/user-error";

/** The largest file `/cases import` downloads (a 100,000-case export is ~4 MB gzipped). */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;
/** The most a downloaded file may hold once decompressed (a gzip bomb stops here). */
export const MAX_IMPORT_TEXT_BYTES = 256 * 1024 * 1024;

export const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;
const tooLarge = () => new UserError("archive.file_too_large", { max: megabytes(MAX_IMPORT_BYTES) });

/** Counts what passes and fails the stream past `max` bytes. */
export function capped(max: number, error: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(error());
      else done(null, chunk);
    },
  });
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** The file's lines (gunzipped when it is gzip), read anew on each call; at most MAX_IMPORT_TEXT_BYTES. */
export async function fileLines(file: string): Promise<LineSource> {
  const gzip = await isGzip(file);
  return () => {
    const raw = createReadStream(file);
    const text = gzip ? raw.pipe(createGunzip()) : raw;
    const limited = text.pipe(capped(MAX_IMPORT_TEXT_BYTES, tooLarge));
    for (const source of [raw, text])
      source.on("error", () => limited.destroy(new UserError("archive.not_an_export")));
    return createInterface({ input: limited, crlfDelay: Infinity });
  };
}
