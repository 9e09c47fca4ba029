import { caseEmbed, caseTitle } from "../../src/cogs/cases/case-embed";
import {
  auditReason,
  directMessage,
  outcomeText,
  repeatedAction,
  unsettledAction,
} from "../../src/cogs/moderation/notices";
import { Case, CaseType } from "../../src/entities";
import { translator } from "../../src/i18n/translator";

const de = translator("de");
const es = translator("es-ES");
const en = translator("en");

function aCase(type: CaseType, extra: Partial<Case> = {}): Case {
  const createdAt = new Date("2026-01-01T12:00:00Z");
  return Object.assign(new Case(), {
    id: 1,
    guildId: "1",
    number: 1234,
    type,
    targetId: "200000000000000000",
    moderatorId: "300000000000000000",
    reason: "spam",
    expiresAt: null,
    voided: false,
    settleNote: null,
    createdAt,
    ...extra,
  });
}

const week = { expiresAt: new Date("2026-01-08T12:00:00Z") };

describe("moderation notices in each language", () => {
  it("tells a tempban apart from a ban, with its duration, in the member's DM", () => {
    expect(directMessage(aCase(CaseType.Ban, week), "Gilde", es)).toBe(
      "Te han baneado de **Gilde** durante 1w (caso #1234).\nMotivo: spam",
    );
    expect(directMessage(aCase(CaseType.Ban), "Gilde", de)).toBe(
      "Du wurdest von **Gilde** gebannt (Fall #1234).\nGrund: spam",
    );
    expect(directMessage(aCase(CaseType.Note), "Gilde", de)).toBeNull();
  });

  it("says a case number as written, never with a thousands separator", () => {
    expect(auditReason(aCase(CaseType.Kick, { reason: null }), "mod", de)).toBe(
      "mod (Fall #1234): kein Grund angegeben",
    );
  });

  it("adds what the second step could not do and an undelivered DM to the answer", () => {
    const outcome = {
      kase: aCase(CaseType.Softban),
      dmDelivered: false,
      note: "moderation.softban_still_banned" as const,
    };
    expect(outcomeText(outcome, "bob", en)).toBe(
      "Softbanned **bob** (case #1234): their last day of messages is gone and they may rejoin. " +
        "But I couldn't lift the ban afterwards: they may still be banned, so `/unban` them to let them rejoin. " +
        "I couldn't tell them by DM.",
    );
    const unrecorded = { kase: aCase(CaseType.Ban, week), dmDelivered: null, unrecorded: { outage: true } };
    expect(outcomeText(unrecorded, "bob", de)).toBe(
      "**bob** für 1w gebannt. Die Datenbank ist gerade nicht erreichbar; Fall #1234 wird gespeichert, sobald sie wieder da ist.",
    );
  });

  it("names the repeated action by its kind", () => {
    expect(repeatedAction(aCase(CaseType.Timeout), "bob").render(es)).toBe(
      "A **bob** ya se le aisló hace un momento (caso #1234); no se ha hecho nada dos veces.",
    );
    expect(repeatedAction(aCase(CaseType.Softban), "bob").render(de)).toBe(
      "**bob** wurde gerade eben schon gesoftbannt (Fall #1234); nichts wurde doppelt ausgeführt.",
    );
    expect(unsettledAction(aCase(CaseType.Kick)).render(en)).toMatch(/^Discord didn't answer.*case #1234 /);
  });

  it("titles and labels the case embed in the reader's language", () => {
    const embed = caseEmbed(aCase(CaseType.Unban, { voided: true }), 7, es);
    expect(embed.title).toBe("Desbaneo | Caso #1234 (eliminado)");
    expect(embed.fields?.map((field) => [field.name, field.value])).toEqual([
      ["Miembro", "<@200000000000000000> (200000000000000000)"],
      ["Moderador", "<@300000000000000000>"],
      ["Se refiere a", "Caso #7"],
      ["Motivo", "spam"],
    ]);
    expect(caseTitle(CaseType.Untimeout, de)).toBe("Timeout aufgehoben");
    expect(caseTitle(CaseType.Untimeout, translator("en"))).toBe("Timeout removed");
  });
});
