import type { FastifyInstance } from "fastify";
import { invalid } from "../../errors/validation-error";
import { moderatorOfGuild } from "../auth/guild-gate";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { readerTranslator, sendNotice, sendPage } from "../views";
import { guildNav } from "./guild-nav";
import { isEmptyRecord, memberPageData, type MemberRecord } from "./member-page";

export const MEMBER_CASES_PAGE_SIZE = 25;
/** The newest notes, joins and invites shown: a record, not an archive. */
const MEMBER_LIST_SIZE = 25;
const SNOWFLAKE = /^\d{17,20}$/;

interface MemberParams {
  guildId: string;
  userId: string;
}

/**
 * `/guilds/:guildId/members/:userId`: what Warden holds about a member of this guild — their cases (keyset
 * pages, newest first), the notes on them, activity, balance, linked accounts and invites. Every read is
 * scoped to the guild in the URL; one statement (or two) each, whatever the member's history.
 */
export function memberRoutes(deps: DashboardDeps) {
  const read = async (guildId: string, userId: string, after: string | null): Promise<MemberRecord> => {
    const [cases, notes, activity, balance, identities, invites] = await Promise.all([
      deps.cases.browse(
        guildId,
        { targetId: userId, state: "all" },
        { after, limit: MEMBER_CASES_PAGE_SIZE },
      ),
      deps.annotations.notesAbout(guildId, userId, MEMBER_LIST_SIZE),
      deps.activity.of(guildId, userId),
      deps.economy.balance(guildId, userId),
      deps.identities.ofDiscordAccount(userId),
      deps.joins.ofMember(guildId, userId, MEMBER_LIST_SIZE),
    ]);
    return { cases, notes, activity, balance, identities, invites };
  };

  return (app: FastifyInstance): void => {
    app.get<{ Params: MemberParams; Querystring: { after?: string } }>(
      "/guilds/:guildId/members/:userId",
      { preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)] },
      async (request, reply) => {
        const access = request.guildAccess;
        if (!access) throw new Error("the guild gate did not run");
        const { guildId } = access;
        const { userId } = request.params;
        if (!SNOWFLAKE.test(userId)) throw invalid("member", "validation.invalid");
        const after = typeof request.query.after === "string" ? request.query.after : null;
        const record = await read(guildId, userId, after);
        const t = readerTranslator(request);
        const viewer = frameViewer(request, reply);
        if (after === null && isEmptyRecord(record)) {
          const notice = {
            heading: "dashboard.member_no_record_title",
            body: "dashboard.member_no_record",
            values: { member: userId },
          } as const;
          return sendNotice(reply, t, 200, notice, viewer);
        }
        const next = record.cases.nextCursor
          ? `?${new URLSearchParams({ after: record.cases.nextCursor }).toString()}`
          : null;
        const data = {
          ...memberPageData(t, guildId, userId, record, next),
          nav: guildNav(t, access, null),
        };
        return sendPage(reply, t, "member", data, { viewer });
      },
    );
  };
}
