import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MAX_REASON_LENGTH } from "../../entities/case";
import { invalid } from "../../errors/validation-error";
import { moderatorOfGuild } from "../auth/guild-gate";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { readerTranslator, sendPage } from "../views";
import { casePageData } from "./case-page";
import { savedKey } from "./saved-key";

interface CaseParams {
  guildId: string;
  number: string;
}

const SAVED = {
  reason: "dashboard.saved_reason",
  note: "dashboard.saved_note",
  deleted: "dashboard.saved_deleted",
} as const;

function caseNumber(params: CaseParams): number {
  const number = /^\d{1,9}$/.test(params.number) ? Number(params.number) : 0;
  if (number < 1) throw invalid("number", "validation.whole_in_range", { min: 1, max: 999_999_999 });
  return number;
}

/** What a form sent, trimmed: between 1 and MAX_REASON_LENGTH characters. */
function formText(request: FastifyRequest, field: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[field];
  const text = typeof value === "string" ? value.trim() : "";
  if (text.length < 1) throw invalid(field, "validation.blank");
  if (text.length > MAX_REASON_LENGTH)
    throw invalid(field, "validation.too_many_chars", { max: MAX_REASON_LENGTH });
  return text;
}

/**
 * `/guilds/:guildId/cases/:number`: a case, its history, evidence and the case it refers to, and the changes
 * `/case reason`, `/case note` and `/case delete` make, through the same controller calls (and, for a reason
 * or a deletion, the same mod-log edit), the web moderator recorded as the editor. Every POST needs the
 * page's CSRF token.
 */
export function caseRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const gate = [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)];
    const guildOf = (request: FastifyRequest): string => {
      if (!request.guildAccess) throw new Error("the guild gate did not run");
      return request.guildAccess.guildId;
    };
    const editor = (request: FastifyRequest): string => request.viewer?.session.userId ?? "";
    const backTo = (reply: FastifyReply, guildId: string, number: number, saved: keyof typeof SAVED) =>
      reply.redirect(`/guilds/${guildId}/cases/${number}?saved=${saved}`, 303);

    app.get<{ Params: CaseParams; Querystring: { saved?: string } }>(
      "/guilds/:guildId/cases/:number",
      { preHandler: gate },
      async (request, reply) => {
        const guildId = guildOf(request);
        const kase = await deps.cases.getByNumberOrFail(guildId, caseNumber(request.params));
        const [edits, config, evidence, numbers] = await Promise.all([
          deps.cases.history(kase.id),
          deps.guildConfigs.get(guildId),
          deps.annotations.forCase(kase.id),
          kase.refCaseId ? deps.cases.numbersByIds(guildId, [kase.refCaseId]) : new Map<number, number>(),
        ]);
        const refersTo = kase.refCaseId ? (numbers.get(kase.refCaseId) ?? null) : null;
        const t = readerTranslator(request);
        const viewer = frameViewer(request, reply);
        const saved = savedKey(SAVED, request.query.saved);
        const surroundings = { edits, evidence, refersTo, modLogChannelId: config.modLogChannelId };
        return sendPage(
          reply,
          t,
          "case",
          {
            ...casePageData(t, guildId, kase, surroundings),
            csrfToken: viewer?.csrfToken ?? "",
            saved: saved ? t.t(SAVED[saved], { number: kase.number }) : null,
          },
          { viewer },
        );
      },
    );

    const withForm = { preHandler: [...gate, app.csrfProtection] };
    app.post<{ Params: CaseParams }>(
      "/guilds/:guildId/cases/:number/reason",
      withForm,
      async (request, reply) => {
        const guildId = guildOf(request);
        const number = caseNumber(request.params);
        const updated = await deps.cases.editReason(
          guildId,
          number,
          editor(request),
          formText(request, "reason"),
        );
        await deps.modLog.publish(deps.client(), updated); // never throws: a mod-log problem is recorded
        return backTo(reply, guildId, number, "reason");
      },
    );
    app.post<{ Params: CaseParams }>(
      "/guilds/:guildId/cases/:number/delete",
      withForm,
      async (request, reply) => {
        const guildId = guildOf(request);
        const number = caseNumber(request.params);
        const deleted = await deps.cases.void(guildId, number, editor(request), formText(request, "reason"));
        await deps.modLog.publish(deps.client(), deleted); // never throws: a mod-log problem is recorded
        return backTo(reply, guildId, number, "deleted");
      },
    );
    app.post<{ Params: CaseParams }>(
      "/guilds/:guildId/cases/:number/note",
      withForm,
      async (request, reply) => {
        const guildId = guildOf(request);
        const number = caseNumber(request.params);
        await deps.annotations.addNote(guildId, number, editor(request), formText(request, "text"));
        return backTo(reply, guildId, number, "note");
      },
    );
  };
}
