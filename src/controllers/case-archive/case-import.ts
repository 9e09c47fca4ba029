import type { EntitySql } from "../../database/entity-sql";
import type { Guild } from "../../entities";
import { UserError } from "../../errors/user-error";
import { parseCaseLine, parseHeader, type ArchivedCase } from "./archive-format";
import {
  existingNumbersSql,
  insertCasesSql,
  linkCasesSql,
  lockGuildSql,
  raiseCounterSql,
} from "./archive-sql";
import { checkedCase } from "./archived-case";
import { CASE_SECTIONS, type SectionContext } from "./sections";

/** The file's lines, read anew on each call (the import reads it twice: cases, then what refers to them). */
export type LineSource = () => AsyncIterable<string>;

export interface ImportResult {
  count: number;
  first: number | null;
  last: number | null;
}

const BATCH = 1000;
/** Cases imported from which the statistics are refreshed before the lookups by number. */
const ANALYZE_FROM = 1000;
const SHOWN = 5;

interface Batch {
  cases: ArchivedCase[];
  sameGuild: boolean;
}

/**
 * One import, run inside the caller's transaction: the guild's row locked (its new cases wait), every case
 * inserted with its number (a taken number refuses the file), then references and sections by number,
 * then the guild's counter raised past the highest number. Nothing here calls Discord.
 */
export class CaseImport {
  constructor(
    private readonly context: SectionContext,
    private readonly guilds: EntitySql<Guild>,
    private readonly guildId: string,
    private readonly lines: LineSource,
  ) {}

  async run(): Promise<ImportResult> {
    const { db } = this.context;
    await db.sql(lockGuildSql(this.guilds), [this.guildId]);
    let count = 0;
    let first: number | null = null;
    let last: number | null = null;
    for await (const batch of this.batches()) {
      await this.insert(batch);
      count += batch.cases.length;
      first ??= batch.cases[0]?.number ?? null;
      last = batch.cases.at(-1)?.number ?? last;
    }
    if (count >= ANALYZE_FROM) await this.refreshStatistics();
    for await (const batch of this.batches()) await this.resolve(batch.cases);
    if (last !== null) await db.sql(raiseCounterSql(this.guilds), [this.guildId, last]);
    return { count, first, last };
  }

  /**
   * The statistics still say this guild has (almost) no cases, and by them a scan of the guild's
   * (guild, created_at) index looks as cheap as the (guild, number) one: each lookup by number then read
   * every case imported so far (100,000 cases: minutes instead of seconds). Fresh statistics of those two
   * columns, rows of this transaction included, keep the lookups on (guild, number). SKIP_LOCKED: the lock
   * is held until the import commits, and another guild's import (or a VACUUM) holding it is no reason to
   * wait; that import then runs on the old statistics, slower but whole.
   */
  private async refreshStatistics(): Promise<void> {
    const { db, cases } = this.context;
    await db.sql(`ANALYZE (SKIP_LOCKED) ${cases.table} (${cases.c.guildId}, ${cases.c.number})`);
  }

  private async insert({ cases, sameGuild }: Batch): Promise<void> {
    // In another guild nothing carries on: no pending action to reconcile there, no tempban to lift there.
    const rows = cases.map((kase) =>
      sameGuild ? kase : { ...kase, pending: false, processed: kase.processed || kase.expiresAt !== null },
    );
    const { rows: inserted } = await this.context.db.sql<{ number: number }>(
      insertCasesSql(this.context.cases),
      [this.guildId, JSON.stringify(rows)],
    );
    if (inserted.length === cases.length) return;
    const done = new Set(inserted.map((row) => row.number));
    const taken = cases.map((kase) => kase.number).filter((number) => !done.has(number));
    throw new UserError("archive.collides", {
      numbers: taken
        .slice(0, SHOWN)
        .map((n) => `#${n}`)
        .join(", "),
    });
  }

  private async resolve(cases: readonly ArchivedCase[]): Promise<void> {
    const { db, cases: names } = this.context;
    const links = cases.flatMap((kase) =>
      kase.refersTo === null ? [] : [{ number: kase.number, refersTo: kase.refersTo }],
    );
    const wanted = new Map<number, number>();
    for (const link of links) wanted.set(link.refersTo, link.number);
    for (const kase of cases) {
      for (const section of CASE_SECTIONS) {
        for (const number of section.references((kase[section.key] as unknown[] | undefined) ?? [])) {
          wanted.set(number, kase.number);
        }
      }
    }
    if (wanted.size > 0) {
      const { rows } = await db.sql<{ number: number }>(existingNumbersSql(names), [
        this.guildId,
        [...wanted.keys()],
      ]);
      const found = new Set(rows.map((row) => row.number));
      const missing = [...wanted].find(([number]) => !found.has(number));
      if (missing) throw new UserError("archive.unresolved", { number: missing[1], missing: missing[0] });
    }
    if (links.length > 0) await db.sql(linkCasesSql(names), [this.guildId, JSON.stringify(links)]);
    for (const section of CASE_SECTIONS) {
      const entries = cases.map((kase) => ({
        number: kase.number,
        entries: (kase[section.key] as unknown[] | undefined) ?? [],
      }));
      await section.save(this.context, this.guildId, entries);
    }
  }

  /** The file's cases, `BATCH` at a time, checked line by line. */
  private async *batches(): AsyncGenerator<Batch> {
    let sameGuild: boolean | undefined;
    let previous = 0;
    let ended = false;
    let batch: ArchivedCase[] = [];
    let lineNumber = 0;
    for await (const line of this.lines()) {
      lineNumber += 1;
      if (sameGuild === undefined) {
        const header = parseHeader(line);
        if (!header) throw new UserError("archive.not_an_export");
        sameGuild = header.guildId === this.guildId;
        continue;
      }
      if (line.trim() === "") continue;
      if (ended) throw new UserError("archive.invalid_line", { line: lineNumber });
      const kase = this.caseOf(line, previous, lineNumber);
      if (kase === null) {
        ended = true;
        continue;
      }
      previous = kase.number;
      batch.push(kase);
      if (batch.length === BATCH) {
        yield { cases: batch, sameGuild };
        batch = [];
      }
    }
    if (sameGuild === undefined) throw new UserError("archive.not_an_export");
    if (!ended) throw new UserError("archive.truncated");
    if (batch.length > 0) yield { cases: batch, sameGuild };
  }

  private caseOf(line: string, previous: number, lineNumber: number): ArchivedCase | null {
    try {
      const raw = parseCaseLine(line);
      return raw === null ? null : checkedCase(raw, previous);
    } catch {
      throw new UserError("archive.invalid_line", { line: lineNumber });
    }
  }
}
