import type { FastifyReply, FastifyRequest } from "fastify";
import type { DashboardSessionController } from "../../controllers/dashboard-session-controller";
import type { DashboardSession } from "../../entities/dashboard-session";
import { readerTranslator, sendNotice, type FrameViewer } from "../views";
import { SESSION_COOKIE, type DashboardCookies } from "./cookies";

/** The signed-in person behind a request, once `signedIn` has let it through. */
export interface Viewer {
  session: DashboardSession;
}

declare module "fastify" {
  interface FastifyRequest {
    viewer?: Viewer;
  }
}

/** What CSRF tokens are bound to: the session (a token made for one session fails in any other). */
export function csrfBinding(request: FastifyRequest): string {
  return request.viewer?.session.idHash ?? "";
}

/** The viewer as the page frame shows them, with a CSRF token for the forms on the page. */
export function frameViewer(request: FastifyRequest, reply: FastifyReply): FrameViewer | null {
  const session = request.viewer?.session;
  if (!session) return null;
  return { name: session.userName, csrfToken: reply.generateCsrf({ userInfo: session.idHash }) };
}

/** A preHandler: the request's session must be live (not signed out, not expired), else 401. */
export function signedIn(sessions: DashboardSessionController, cookies: DashboardCookies) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const sessionId = cookies.sessionId(request);
    const session = sessionId ? await sessions.find(sessionId) : null;
    if (session) {
      request.viewer = { session };
      return undefined;
    }
    if (request.cookies[SESSION_COOKIE] !== undefined) cookies.clearSession(reply);
    return sendNotice(reply, readerTranslator(request), 401, {
      heading: "dashboard.refused_title",
      body: "dashboard.refused_signed_out",
    });
  };
}
