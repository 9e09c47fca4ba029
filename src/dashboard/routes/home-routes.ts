import type { FastifyInstance } from "fastify";
import { readerTranslator, sendPage } from "../views";

/** `/`: the way in. */
export function homeRoutes(app: FastifyInstance): void {
  app.get("/", (request, reply) => {
    const t = readerTranslator(request);
    return sendPage(reply, t, "home", {
      heading: t.t("dashboard.title"),
      intro: t.t("dashboard.sign_in_intro"),
      signIn: t.t("dashboard.sign_in"),
    });
  });
}
