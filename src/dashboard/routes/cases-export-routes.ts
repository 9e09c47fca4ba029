import { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { newIncidentId } from "../../bot/incident-id";
import type { Translator } from "../../i18n/translator";
import { CSV_HEADER } from "../../cogs/cases/case-csv";
import { csvRows, type ExportFormat } from "../../cogs/cases/export-file";
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  FOOTER,
  type ArchiveHeader,
  headerLine,
} from "../../controllers/case-archive/archive-format";
import type { CaseSearchFilter } from "../../controllers/case-controller";
import type { CursorPage } from "../../database/pagination";
import type { Case } from "../../entities";
import { moderatorOfGuild } from "../auth/guild-gate";
import { frameViewer, signedIn } from "../auth/viewer";
import type { DashboardDeps } from "../dashboard-deps";
import { ROUTE_LIMITS } from "../security-plugins";
import { readerTranslator, sendNotice } from "../views";
import { parseFilters, type FilterQuery } from "./case-filters";

/** Cases a page: the most one search page gives (the archive reads them in one more statement). */
const EXPORT_PAGE = 100;
const TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** Every filter the file was made with, so the file says which cases it holds (none: all of them). */
function headerFilter(filter: CaseSearchFilter): ArchiveHeader["filter"] {
  return {
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.moderatorId ? { moderatorId: filter.moderatorId } : {}),
    ...(filter.state ? { state: filter.state } : {}),
    ...(filter.from ? { since: filter.from.toISOString() } : {}),
    ...(filter.before ? { before: filter.before.toISOString() } : {}),
    ...(filter.text ? { text: filter.text } : {}),
  };
}

/**
 * A failure once the file has begun (the headers are sent; no error page can follow): logged under an
 * incident id, and the file ends on a line saying it is incomplete, which no reader takes for a case (the
 * JSON no longer parses, the CSV row is no case) — never a file that looks whole but is short.
 */
async function* withCutMarker(
  text: AsyncGenerator<string>,
  request: FastifyRequest,
  t: Translator,
  format: ExportFormat,
): AsyncGenerator<string> {
  try {
    yield* text;
  } catch (error) {
    const incidentId = newIncidentId();
    request.log.error({ err: error, incidentId, route: request.routeOptions.url }, "cases export cut short");
    const line = t.t("dashboard.export_cut_short", { incidentId });
    yield format === "csv" ? `"${line.replace(/"/g, '""')}"\r\n` : `\n${line}\n`;
  }
}

/**
 * The file, written as it is read: the dashboard's search finds a page of cases (keyset, newest first),
 * the toolbox's export turns them into its JSON lines (with their history) or CSV rows, and the next page
 * is only read once this one is sent — a large guild is never in memory at once.
 */
async function* exportText(
  deps: DashboardDeps,
  guildId: string,
  filter: CaseSearchFilter,
  format: ExportFormat,
  first: CursorPage<Case>,
): AsyncGenerator<string> {
  const header = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    guildId,
    exportedAt: new Date().toISOString(),
    filter: headerFilter(filter),
  } as const;
  yield format === "json" ? headerLine(header) : CSV_HEADER;
  let page = first;
  let count = 0;
  for (;;) {
    const exported = await deps.archive.exportNumbers(
      guildId,
      page.items.map((kase) => kase.number),
    );
    if (exported.count > 0) {
      if (format === "csv") yield csvRows(exported);
      else yield count === 0 ? exported.text : `,\n${exported.text}`;
      count += exported.count;
    }
    if (!page.nextCursor) break;
    page = await deps.cases.browse(guildId, filter, { after: page.nextCursor, limit: EXPORT_PAGE });
  }
  if (format === "json") yield FOOTER;
}

/** `/guilds/:guildId/cases/export?format=csv|json&…`: the cases page's filters, as a download. */
export function casesExportRoutes(deps: DashboardDeps) {
  return (app: FastifyInstance): void => {
    const options = {
      preHandler: [signedIn(deps.sessions, deps.cookies), moderatorOfGuild(deps.access)],
      config: { rateLimit: ROUTE_LIMITS.search },
    };
    app.get<{ Params: { guildId: string }; Querystring: FilterQuery & { format?: string } }>(
      "/guilds/:guildId/cases/export",
      options,
      async (request, reply) => {
        const guild = request.guildAccess;
        if (!guild) throw new Error("the guild gate did not run");
        const t = readerTranslator(request);
        const format = request.query.format;
        const parsed = parseFilters(request.query);
        if ((format !== "csv" && format !== "json") || !parsed.ok) {
          const field = parsed.ok ? t.t("dashboard.export_format") : t.t(parsed.field);
          return sendNotice(
            reply,
            t,
            400,
            { heading: "dashboard.refused_title", body: "dashboard.bad_filter", values: { field } },
            frameViewer(request, reply),
          );
        }
        // The first page before the headers: a failure then is an ordinary error page, not a cut file.
        const first = await deps.cases.browse(guild.guildId, parsed.filter, { limit: EXPORT_PAGE });
        const text = exportText(deps, guild.guildId, parsed.filter, format, first);
        const stream = Readable.from(withCutMarker(text, request, t, format));
        return reply
          .type(TYPES[format])
          .header("cache-control", "no-store")
          .header("content-disposition", `attachment; filename="cases-${guild.guildId}.${format}"`)
          .send(stream);
      },
    );
  };
}
