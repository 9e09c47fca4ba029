import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Attachment } from "discord.js";
import { inject, injectable } from "tsyringe";
import type { GuildCommandContext } from "../../bot/commands/registration";
import { MAX_UPLOAD_BYTES, type Reply } from "../../bot/interactions/reply";
import { ARCHIVE_FORMAT, ARCHIVE_VERSION } from "../../controllers/case-archive/archive-format";
import {
  CaseArchiveController,
  type ExportFilter,
} from "../../controllers/case-archive/case-archive-controller";
import { UserError } from "../../errors/user-error";
import { gzipped, writeExport, type ExportFormat } from "./export-file";
import { ImportDownloader } from "./import-download";
import { fileLines } from "./import-file";

/** A temporary folder for one export or import, removed afterwards whatever happens. */
async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "warden-cases-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `/cases export` and `/cases import`: the file is written from a keyset cursor to disk (never the whole
 * table in memory), gzipped when it would not fit Discord's upload limit; an import is downloaded first,
 * then read into the database in one transaction.
 */
@injectable()
export class CaseArchiveCommands {
  constructor(
    @inject(CaseArchiveController) private readonly archive: CaseArchiveController,
    @inject(ImportDownloader) private readonly downloader: ImportDownloader,
  ) {}

  async export(context: GuildCommandContext, format: ExportFormat, filter: ExportFilter): Promise<Reply> {
    await context.defer({ ephemeral: true });
    const { guildId, t } = context;
    const header = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      guildId,
      exportedAt: new Date().toISOString(),
      filter: {
        ...(filter.targetId ? { targetId: filter.targetId } : {}),
        ...(filter.since ? { since: filter.since.toISOString() } : {}),
      },
    } as const;
    return inTempDir(async (dir) => {
      const name = `cases-${guildId}.${format}`;
      let written = await writeExport(dir, name, format, header, this.archive.exportPages(guildId, filter));
      if (written.bytes > MAX_UPLOAD_BYTES) written = await gzipped(written);
      if (written.bytes > MAX_UPLOAD_BYTES) throw new UserError("archive.too_large");
      const id = written.compressed ? "archive.exported_compressed" : "archive.exported";
      return {
        content: t.t(id, { count: written.count }),
        files: [{ name: written.name, data: await readFile(written.path) }],
      };
    });
  }

  async import(context: GuildCommandContext, file: Attachment): Promise<Reply> {
    await context.defer({ ephemeral: true });
    const { guildId, t } = context;
    return inTempDir(async (dir) => {
      const local = path.join(dir, "import");
      await this.downloader.download(file.url, file.size, local);
      const result = await this.archive.importCases(guildId, await fileLines(local));
      if (result.count === 0) return { content: t.t("archive.imported_none") };
      return {
        content: t.t("archive.imported", { count: result.count, first: result.first, last: result.last }),
      };
    });
  }
}
