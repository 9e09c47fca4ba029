/**
 * Type tests, checked by `npm run typecheck` (CI): a query of a guild-owned entity that does not name the
 * guild does not compile. Nothing here runs; a `@ts-expect-error` that stops failing fails the build.
 */
import type { ObjectLiteral } from "typeorm";
import type { BaseController } from "../../src/controllers/base-controller";
import type { CaseController } from "../../src/controllers/case-controller";
import type { TagController } from "../../src/controllers/tag-controller";
import type * as entities from "../../src/entities";

type Instances = {
  [K in keyof typeof entities]: (typeof entities)[K] extends abstract new (...args: never[]) => infer I
    ? I
    : never;
};
/** Every entity a guild owns (it has a `guildId`), found from the entity list itself. */
type GuildOwnedEntity = {
  [K in keyof Instances]: [Instances[K]] extends [never]
    ? never
    : Instances[K] extends { guildId: string }
      ? K
      : never;
}[keyof Instances];

type Scoped<E extends ObjectLiteral> = [
  [] extends Parameters<BaseController<E>["count"]> ? "count() without a filter" : "ok",
  [] extends Parameters<BaseController<E>["findMany"]> ? "findMany() without options" : "ok",
  [{ where: Record<string, never> }] extends Parameters<BaseController<E>["findMany"]>
    ? "findMany() without the guild"
    : "ok",
  [Record<string, never>] extends Parameters<BaseController<E>["updateWhere"]>
    ? "updateWhere() without the guild"
    : "ok",
  [Record<string, never>] extends Parameters<BaseController<E>["deleteWhere"]>
    ? "deleteWhere() without the guild"
    : "ok",
];

/** Fails to compile, naming the entity and the query, if any guild-owned entity can be queried unscoped. */
export const everyGuildOwnedEntityIsScoped: { [K in GuildOwnedEntity]: Scoped<Instances[K]> } =
  null as unknown as {
    [K in GuildOwnedEntity]: ["ok", "ok", "ok", "ok", "ok"];
  };

export function examples(cases: CaseController, tags: TagController, guildId: string): void {
  // @ts-expect-error a count of every guild's cases
  void cases.count();
  // @ts-expect-error a filter that forgot the guild
  void cases.findMany({ where: { targetId: "1" } });
  // @ts-expect-error one of several filters forgot the guild
  void cases.count([{ guildId, targetId: "1" }, { targetId: "2" }]);
  // @ts-expect-error a bulk change across guilds
  void tags.updateWhere({ name: "rules" }, { enabled: false });
  // @ts-expect-error a bulk delete across guilds
  void tags.deleteWhere({ name: "rules" });
  void cases.count({ guildId, targetId: "1" });
  void cases.forGuild(guildId).findMany({ where: { targetId: "1" } });
}
