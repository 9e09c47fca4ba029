import type { AnchorCodec } from "../../bot/pager/page-state";
import { bigFrom36, numberFrom36, to36 } from "../../bot/pager/page-state";
import { CaseType } from "../../entities";

export const CASES_PREFIX = "cases";

const CASE_TYPES = Object.values(CaseType);

export interface ListFilter {
  targetId?: string;
  moderatorId?: string;
  type?: CaseType;
}

/** Where a page starts: the newest cases, after a given case, or just before a given case. */
export type PageAnchor =
  | { direction: "first" }
  | { direction: "older"; number: number; id: number }
  | { direction: "newer"; number: number };

/** What /cases buttons carry besides the pager's own state: the filter, and where the page starts. */
export interface CasesAnchor {
  filter: ListFilter;
  position: PageAnchor;
}

function encodePosition(position: PageAnchor): string {
  if (position.direction === "first") return "f";
  if (position.direction === "newer") return `n${to36(position.number)}`;
  return `o${to36(position.number)}-${to36(position.id)}`;
}

function decodePosition(text: string): PageAnchor | null {
  if (text === "f") return { direction: "first" };
  if (text.startsWith("n")) {
    const number = numberFrom36(text.slice(1));
    return number === null ? null : { direction: "newer", number };
  }
  const [number, id, ...extra] = text.startsWith("o") ? text.slice(1).split("-").map(numberFrom36) : [];
  return number == null || id == null || extra.length > 0 ? null : { direction: "older", number, id };
}

/** `<position>.<member>.<moderator>.<type>`, ids and numbers in base 36 (empty when not filtered). */
export const CASES_ANCHOR: AnchorCodec<CasesAnchor> = {
  encode: ({ filter, position }) =>
    [
      encodePosition(position),
      filter.targetId ? to36(filter.targetId) : "",
      filter.moderatorId ? to36(filter.moderatorId) : "",
      filter.type ? to36(CASE_TYPES.indexOf(filter.type)) : "",
    ].join("."),
  decode: (text) => {
    const [positionText, target36, moderator36, type36, ...extra] = text.split(".");
    if (extra.length > 0 || type36 === undefined) return null;
    const position = decodePosition(positionText ?? "");
    const type = type36 === "" ? undefined : CASE_TYPES[numberFrom36(type36) ?? -1];
    const targetId = target36 ? bigFrom36(target36) : undefined;
    const moderatorId = moderator36 ? bigFrom36(moderator36) : undefined;
    if (!position || (type36 !== "" && !type) || targetId === null || moderatorId === null) return null;
    return {
      position,
      filter: {
        ...(targetId !== undefined ? { targetId: targetId.toString() } : {}),
        ...(moderatorId !== undefined ? { moderatorId: moderatorId.toString() } : {}),
        ...(type ? { type } : {}),
      },
    };
  },
};
