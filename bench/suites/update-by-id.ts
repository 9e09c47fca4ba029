import { UserController } from "../../src/controllers/user-controller";
import type { BenchContext } from "../lib/app";
import type { Reporter } from "../lib/output";

/** How many statements one updateById sends (no read first, no transaction of its own: 1 expected). */
export async function benchUpdateByIdStatements(context: BenchContext, report: Reporter): Promise<void> {
  const users = context.container.resolve(UserController);
  const user = await users.create({ username: "statement-counter", displayName: "before" });
  const { result, statements } = await context.db.queries.record(() =>
    users.updateById(user.id, { displayName: "after" }),
  );
  if (result?.displayName !== "after") throw new Error("updateById did not apply the change");
  report.emit(
    "updateById.statements",
    statements.length,
    "count",
    `statements sent by UserController.updateById: ${statements.map((sql) => sql.slice(0, 80)).join(" | ")}`,
  );
}
