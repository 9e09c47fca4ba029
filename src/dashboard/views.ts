import { Eta } from "eta";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import { translator, type Translator } from "../i18n/translator";
import { localeFromAcceptLanguage } from "./locale";
import { frameText, noticeText, type NoticeText } from "./page-text";

/** The templates sit next to this file (copied into dist by the build); every value is HTML-escaped. */
const eta = new Eta({ views: path.join(__dirname, "views"), autoEscape: true, cache: true });

/** The reader's translator, from the browser's languages. */
export function readerTranslator(request: FastifyRequest): Translator {
  return translator(localeFromAcceptLanguage(request.headers["accept-language"]));
}

/** Who the frame names as signed in, and the token its sign-out forms carry. */
export interface FrameViewer {
  name: string;
  csrfToken: string;
}

/** Renders `page` inside the frame; `data` reaches the template as `it`. */
export function sendPage(
  reply: FastifyReply,
  t: Translator,
  page: string,
  data: Record<string, unknown>,
  options: { status?: number; viewer?: FrameViewer | null } = {},
): FastifyReply {
  const html = eta.render(page, {
    ...data,
    lang: t.locale,
    frame: frameText(t),
    viewer: options.viewer ?? null,
    signedInAs: options.viewer ? t.t("dashboard.signed_in_as", { name: options.viewer.name }) : null,
  });
  return reply
    .status(options.status ?? 200)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(html);
}

/** A page that only says one thing: a refusal, a failure, nothing found. */
export function sendNotice(
  reply: FastifyReply,
  t: Translator,
  status: number,
  notice: NoticeText,
  viewer: FrameViewer | null = null,
): FastifyReply {
  return sendPage(reply, t, "notice", noticeText(t, notice), { status, viewer });
}
