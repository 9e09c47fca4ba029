import { invitesReport } from "../../src/cogs/invites/invites-report";
import { periodLabel, periodStart, statsPeriod } from "../../src/cogs/stats/period";
import { usageReport } from "../../src/cogs/stats/usage-report";
import type { UsageSummary } from "../../src/controllers/usage-controller";
import { translator } from "../../src/i18n/translator";

const summary = (overrides: Partial<UsageSummary> = {}): UsageSummary => ({
  totals: { total: 1234, errors: 1, refused: 1, inGuilds: 1200, inDirectMessages: 34, p95LatencyMs: null },
  topCommands: [{ command: "/ping", uses: 1234 }],
  topUsers: [{ userId: "100000000000000001", uses: 1234 }],
  topLocales: [
    { locale: "es-ES", uses: 1000 },
    { locale: "fr", uses: 234 },
  ],
  daily: [{ day: "2030-01-02", uses: 1234 }],
  ...overrides,
});

describe("the /stats report", () => {
  it("writes German numbers, plurals, percentages and language names", () => {
    expect(usageReport(translator("de"), summary(), "30d", true).split("\n")).toEqual([
      "Nutzung auf allen Servern, letzte 30 Tage: 1.234 Interaktionen, 1 Fehler (0,1\u00a0%), 1 abgelehnt, p95-Latenz unbekannt.",
      "Auf Servern: 1.200. In Direktnachrichten: 34.",
      "Häufigste Befehle: /ping 1.234",
      "Aktivste Nutzer: <@100000000000000001> 1.234",
      "Sprachen: Español 1.000, fr 234",
      "Täglich: 2030-01-02 1.234",
    ]);
  });

  it("leaves the languages line out when no interaction recorded one", () => {
    const report = usageReport(translator("es-ES"), summary({ topLocales: [] }), "24h", false);
    expect(report).not.toContain("Idiomas");
    expect(report.split("\n")[0]).toBe(
      "Uso en este servidor, últimas 24 horas: 1234 interacciones, 1 error (0,1\u00a0%), 1 rechazada, latencia p95 n/d.",
    );
  });

  it("says when nothing was used", () => {
    const empty = summary({ totals: { ...summary().totals, total: 0 } });
    expect(usageReport(translator("en"), empty, "all", false)).toBe(
      "Usage in this server, all time: nothing yet.",
    );
  });
});

describe("report periods", () => {
  it("default to 7 days and start that long ago", () => {
    const now = new Date("2030-01-08T00:00:00Z");
    expect(statsPeriod(undefined)).toBe("7d");
    expect(statsPeriod("forever")).toBe("7d");
    expect(periodStart(statsPeriod("7d"), now)?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    expect(periodStart("all", now)).toBeNull();
    expect(periodLabel(translator("en"), "24h")).toBe("last 24 hours");
  });
});

describe("the /invites top report", () => {
  it("says in Spanish when nothing was recorded, and lists in German with nobody named", () => {
    const none = { topInvites: [], topInviters: [], unknown: 0 };
    expect(invitesReport(translator("es-ES"), none, "all")).toBe(
      "Entradas por invitación, desde siempre: ninguna registrada.",
    );
    const vanity = { topInvites: [{ code: "abc", inviterId: null, joins: 2 }], topInviters: [], unknown: 1 };
    expect(invitesReport(translator("de"), vanity, "7d").split("\n")).toEqual([
      "Beitritte über Einladungen, letzte 7 Tage:",
      "Häufigste Einladungen: abc (ohne Einladenden) 2",
      "Häufigste Einladende: keine",
      "Einladung unbekannt: 1",
    ]);
  });
});
