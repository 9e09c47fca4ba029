import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { LOGICAL_FORMAT, LOGICAL_FORMAT_VERSION, type BackupHeader } from "./format";
import { BackupError } from "../../errors/backup-errors";

export type BackupLine = { kind: "table"; table: string } | { kind: "row"; row: string };

/** Reads a built-in backup lazily: the header first, then table markers and rows one line at a time. */
export class LogicalBackupReader {
  private readonly lines: AsyncIterator<string>;

  constructor(file: string) {
    const input = createReadStream(file).pipe(createGunzip());
    this.lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  async header(): Promise<BackupHeader> {
    const first = await this.lines.next();
    const parsed = first.done ? undefined : (JSON.parse(first.value) as Partial<BackupHeader>);
    if (
      parsed?.format !== LOGICAL_FORMAT ||
      !Array.isArray(parsed.migrations) ||
      !Array.isArray(parsed.tables)
    )
      throw new BackupError("not a Warden backup: the header is missing or malformed");
    if (parsed.version !== LOGICAL_FORMAT_VERSION)
      throw new BackupError(`unsupported backup format version ${String(parsed.version)}`);
    return parsed as BackupHeader;
  }

  async *entries(): AsyncGenerator<BackupLine> {
    for (;;) {
      const next = await this.lines.next();
      if (next.done) return;
      if (next.value === "") continue;
      const value = JSON.parse(next.value) as unknown;
      if (typeof value === "string") yield { kind: "row", row: value };
      else yield { kind: "table", table: (value as { table: string }).table };
    }
  }

  async close(): Promise<void> {
    await this.lines.return?.();
  }
}
