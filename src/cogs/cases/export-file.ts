import { createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { createGzip, type Gzip } from "node:zlib";
import {
  FOOTER,
  headerLine,
  type ArchivedCase,
  type ArchiveHeader,
} from "../../controllers/case-archive/archive-format";
import type { ExportPage } from "../../controllers/case-archive/case-archive-controller";
import { CSV_HEADER, csvRow } from "./case-csv";

export type ExportFormat = "json" | "csv";

export interface WrittenExport {
  path: string;
  name: string;
  bytes: number;
  count: number;
  compressed: boolean;
}

/** How much of the file the gzip pass holds at a time (one buffer, reused). */
const CHUNK = 64 * 1024;

/** A page's cases as CSV rows: each JSON line parsed (`,\n` never occurs inside one: JSON escapes newlines). */
export function csvRows(page: ExportPage): string {
  return page.text
    .split(",\n")
    .map((line) => csvRow(JSON.parse(line) as ArchivedCase))
    .join("");
}

/**
 * Streams the pages into `<dir>/<name>` as JSON (one case a line, see archive-format) or CSV: one page of
 * text in memory at a time, written as PostgreSQL made it. Strings go to the file handle as they are
 * (Node encodes them outside the JS heap), so a large export leaves no buffers for the collector.
 */
export async function writeExport(
  dir: string,
  name: string,
  format: ExportFormat,
  header: ArchiveHeader,
  pages: AsyncIterable<ExportPage>,
): Promise<WrittenExport> {
  const file = path.join(dir, name);
  const handle = await open(file, "w");
  let count = 0;
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += (await handle.write(text, null, "utf8")).bytesWritten;
  };
  try {
    await write(format === "json" ? headerLine(header) : CSV_HEADER);
    for await (const page of pages) {
      if (format === "json") await write(count === 0 ? page.text : `,\n${page.text}`);
      else await write(csvRows(page));
      count += page.count;
    }
    if (format === "json") await write(FOOTER);
  } finally {
    await handle.close();
  }
  return { path: file, name, bytes, count, compressed: false };
}

function written(gzip: Gzip, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => gzip.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/** The export gzipped beside it (`name.gz`), read through one reused buffer. */
export async function gzipped(plain: WrittenExport): Promise<WrittenExport> {
  const target = `${plain.path}.gz`;
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(target);
  gzip.pipe(out);
  const closed = once(out, "close");
  const input = await open(plain.path, "r");
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const { bytesRead } = await input.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      // The callback comes once zlib has consumed the chunk: the buffer can then be filled again.
      await written(gzip, buffer.subarray(0, bytesRead));
    }
  } finally {
    await input.close();
    gzip.end();
    await closed;
  }
  return { ...plain, path: target, name: `${plain.name}.gz`, bytes: out.bytesWritten, compressed: true };
}
