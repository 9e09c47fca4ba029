import type { EntitySql } from "../../database/entity-sql";
import type { Guild } from "../../entities";
import { UserError } from "../../errors/user-error";
import { parseCaseLine, parseHeader, type ArchivedCase } from "./archive-format";
import { existingCasesSql, insertCasesSql, linkCasesSql, lockGuildSql, raiseCounterSql } from "./archive-sql";
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
const SHOWN = 5;

interface Batch {
  cases: ArchivedCase[];
  sameGuild: boolean;
}

/**
 * One import, run inside the caller's transaction: the guild's row locked (its new cases wait), every case
 * inserted with its number (a taken number refuses the file), then references and sections linked by the
 * new cases' ids, then the guild's counter raised past the highest number. Nothing here calls Discord.
 *
 * Numbers become ids here, from what the inserts returned, not by joining the file's numbers to the guild's
 * cases: the statistics still see the guild (almost) empty, and by them a scan of its (guild, created_at)
 * index looks as cheap as the (guild, number) one, so each lookup would read every case imported so far.
 */
export class CaseImport {
  constructor(
    private readonly context: SectionContext,
    private readonly guilds: EntitySql<Guild>,
    private readonly guildId: string,
    private readonly lines: LineSource,
  ) {}

  /** Case id by number: the cases this import inserted, and cases the guild had that the file refers to. */
  private readonly ids = new Map<number, number>();

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
    for await (const batch of this.batches()) await this.resolve(batch.cases);
    if (last !== null) await db.sql(raiseCounterSql(this.guilds), [this.guildId, last]);
    return { count, first, last };
  }

  private async insert({ cases, sameGuild }: Batch): Promise<void> {
    // In another guild nothing carries on: no pending action to reconcile there, no tempban to lift there.
    const rows = cases.map((kase) =>
      sameGuild ? kase : { ...kase, pending: false, processed: kase.processed || kase.expiresAt !== null },
    );
    const { rows: inserted } = await this.context.db.sql<{ id: number; number: number }>(
      insertCasesSql(this.context.cases),
      [this.guildId, JSON.stringify(rows)],
    );
    for (const row of inserted) this.ids.set(row.number, row.id);
    if (inserted.length === cases.length) return;
    const taken = cases.map((kase) => kase.number).filter((number) => !this.ids.has(number));
    throw new UserError("archive.collides", {
      numbers: taken
        .slice(0, SHOWN)
        .map((n) => `#${n}`)
        .join(", "),
    });
  }

  private async resolve(cases: readonly ArchivedCase[]): Promise<void> {
    const { db, cases: names } = this.context;
    const wanted = new Map<number, number>();
    for (const kase of cases) {
      if (kase.refersTo !== null) wanted.set(kase.refersTo, kase.number);
      for (const section of CASE_SECTIONS) {
        for (const number of section.references((kase[section.key] as unknown[] | undefined) ?? [])) {
          wanted.set(number, kase.number);
        }
      }
    }
    await this.findOutside(wanted);
    const linked = cases.filter((kase) => kase.refersTo !== null);
    if (linked.length > 0) {
      await db.sql(linkCasesSql(names), [
        linked.map((kase) => this.idOf(kase.number)),
        linked.map((kase) => this.idOf(kase.refersTo as number)),
      ]);
    }
    for (const section of CASE_SECTIONS) {
      const entries = cases.map((kase) => ({
        caseId: this.idOf(kase.number),
        entries: (kase[section.key] as unknown[] | undefined) ?? [],
      }));
      await section.save(this.context, entries, (number) => this.idOf(number));
    }
  }

  /**
   * Ids of the numbers referred to (number → the case referring) that the file does not hold: the guild's
   * earlier cases, in one query. A number the guild does not have either refuses the file.
   */
  private async findOutside(wanted: ReadonlyMap<number, number>): Promise<void> {
    const outside = [...wanted.keys()].filter((number) => !this.ids.has(number));
    if (outside.length === 0) return;
    const { rows } = await this.context.db.sql<{ id: number; number: number }>(
      existingCasesSql(this.context.cases),
      [this.guildId, outside],
    );
    for (const row of rows) this.ids.set(row.number, row.id);
    const missing = outside.find((number) => !this.ids.has(number));
    if (missing !== undefined) {
      throw new UserError("archive.unresolved", { number: wanted.get(missing), missing });
    }
  }

  private idOf(number: number): number {
    const id = this.ids.get(number);
    if (id === undefined) throw new Error(`case #${number} was neither imported nor found`);
    return id;
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
