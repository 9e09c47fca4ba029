import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import {
  caseLine,
  FOOTER,
  headerLine,
  type ArchivedCase,
  type ArchiveHeader,
} from "../../controllers/case-archive/archive-format";
import { CSV_HEADER, csvRow } from "./case-csv";

export type ExportFormat = "json" | "csv";

export interface WrittenExport {
  path: string;
  name: string;
  bytes: number;
  count: number;
  compressed: boolean;
}

/** Writes `text`, waiting for the file to drain when its buffer is full (memory stays flat). */
async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/**
 * Streams the pages into `<dir>/<name>` as JSON (one case a line, see archive-format) or CSV: one page of
 * cases in memory at a time.
 */
export async function writeExport(
  dir: string,
  name: string,
  format: ExportFormat,
  header: ArchiveHeader,
  pages: AsyncIterable<ArchivedCase[]>,
): Promise<WrittenExport> {
  const file = path.join(dir, name);
  const out = createWriteStream(file);
  const closed = once(out, "close");
  let count = 0;
  try {
    await write(out, format === "json" ? headerLine(header) : CSV_HEADER);
    for await (const page of pages) {
      let text = "";
      for (const kase of page) {
        text += format === "json" ? caseLine(kase, count === 0) : csvRow(kase);
        count += 1;
      }
      await write(out, text);
    }
    if (format === "json") await write(out, FOOTER);
  } finally {
    out.end();
    await closed;
  }
  return { path: file, name, bytes: (await stat(file)).size, count, compressed: false };
}

/** The export gzipped beside it (`name.gz`). */
export async function gzipped(written: WrittenExport): Promise<WrittenExport> {
  const target = `${written.path}.gz`;
  await pipeline(createReadStream(written.path), createGzip({ level: 6 }), createWriteStream(target));
  return {
    ...written,
    path: target,
    name: `${written.name}.gz`,
    bytes: (await stat(target)).size,
    compressed: true,
  };
}
