/** How a line went: done, failed (a one-line reason was printed), or the user wants to leave. */
export type LineResult = "ok" | "failed" | "quit";
