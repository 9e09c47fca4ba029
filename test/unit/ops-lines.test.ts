import { uptimeText } from "../../src/cogs/core/uptime";
import { backupLine, integrityLines, statsLines } from "../../src/cogs/ops/db-lines";
import { translator } from "../../src/i18n/translator";

const stats = {
  tables: [{ table: "cases", rows: 12_345 }],
  databaseBytes: 1.5 * 1024 * 1024,
  pool: { total: 3, idle: 2, waiting: 0, inUse: 1, max: 10 },
  queries: 1234,
  embedded: true,
};

describe("/db lines", () => {
  it("writes sizes, counts and headings for the reader's language", () => {
    const versions = { app: "0.1.0", schema: null };
    const slow = [{ ms: 1234.4, query: "SELECT\n  `x`", at: new Date() }];
    expect(statsLines(translator("en"), stats, versions, slow)).toEqual([
      "**Database** 1.5 MiB (embedded), 1,234 statements since start",
      "**Version** 0.1.0, schema no migration applied",
      "**Pool** 1 in use, 2 idle, 0 waiting (max 10)",
      "**Rows per table**",
      "`cases` 12,345",
      "**Slowest queries since start**",
      "1,234 ms `SELECT 'x'`",
    ]);
    expect(statsLines(translator("de"), stats, versions, [])).toEqual([
      "**Datenbank** 1,5 MiB (eingebettet), 1.234 Anweisungen seit dem Start",
      "**Version** 0.1.0, Schema keine Migration angewendet",
      "**Pool** 1 belegt, 2 frei, 0 wartend (max. 10)",
      "**Zeilen pro Tabelle**",
      "`cases` 12.345",
      "**Langsamste Abfragen seit dem Start**",
      "keine über der Schwelle für langsame Abfragen",
    ]);
  });

  it("says what a backup holds, in either format", () => {
    const logical = {
      file: "/data/backups/b.wbak.gz",
      format: "logical",
      bytes: 900,
      tables: 1,
      rows: 12_345,
    } as const;
    expect(backupLine(translator("es-ES"), logical)).toBe(
      "Copia de seguridad escrita: `b.wbak.gz` (900 B, lógica, 12.345 filas en 1 tabla).",
    );
    expect(backupLine(translator("de"), { ...logical, file: "b.dump", format: "pg_dump" })).toBe(
      "Sicherung geschrieben: `b.dump` (900 B, pg_dump).",
    );
  });

  it("names each integrity check and renders its findings one per line", () => {
    const lines = integrityLines(translator("de"), [
      {
        check: "balances",
        ok: false,
        details: [
          { id: "ops.balance_wrong", values: { userId: "2", guildId: "1", balance: "51", ledger: "50" } },
          { id: "ops.balance_wrong", values: { userId: "3", guildId: "1", balance: "7", ledger: "0" } },
        ],
      },
      { check: "indexes", ok: true, details: [{ id: "ops.indexes_ok", values: { count: 1 } }] },
    ]);
    expect(lines).toEqual([
      "Die Integritätsprüfung hat Probleme in 1 Prüfung gefunden.",
      "❌ **Kontostände**: Mitglied 2 auf 1: Kontostand 51, Buchungen 50\nMitglied 3 auf 1: Kontostand 7, Buchungen 0",
      "✅ **Indizes (amcheck)**: 1 B-Tree-Index geprüft",
    ]);
  });
});

describe("/about uptime", () => {
  const ms = ((2 * 24 + 3) * 60 + 5) * 60_000 + 9_400;
  it.each([
    ["en", "2d 3h 5m 9s"],
    ["de", "2 T 3h 5 Min. 9 Sek."],
    ["es-ES", "2d 3h 5min 9s"],
  ] as const)("is written with %s units", (locale, text) => {
    expect(uptimeText(locale, ms)).toBe(text);
  });

  it("shows seconds when Warden has just started", () => {
    expect(uptimeText("en", 400)).toBe("0s");
  });
});
