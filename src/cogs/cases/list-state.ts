import { CaseType } from "../../entities";

import { MAX_CUSTOM_ID_LENGTH, SIGNATURE_OVERHEAD } from "../../bot/component-signer";

export const CASES_PREFIX = "cases";
/** Room left once the signature is appended (Discord refuses custom ids over 100 characters). */
export const MAX_UNSIGNED_LENGTH = MAX_CUSTOM_ID_LENGTH - SIGNATURE_OVERHEAD;

const CASE_TYPES = Object.values(CaseType);
const BASE36 = /^[0-9a-z]{1,13}$/;

export interface ListFilter {
  targetId?: string;
  moderatorId?: string;
  type?: CaseType;
}

/** Where a button's page starts: the newest cases, after a given case, or just before a given case. */
export type PageAnchor =
  | { direction: "first" }
  | { direction: "older"; number: number; id: number }
  | { direction: "newer"; number: number };

/** Everything a Previous/Next button needs, carried in its custom id (there is no server-side session). */
export interface ListState {
  filter: ListFilter;
  anchor: PageAnchor;
  /** The number of the page the anchor leads to. */
  page: number;
  /** Who ran /cases: only they may page. */
  invokerId: string;
  /** When these buttons were issued, in ms (kept to the second). */
  issuedAt: number;
}

const snowflakeTo36 = (id: string): string => BigInt(id).toString(36);
const numberTo36 = (value: number): string => value.toString(36);

function snowflakeFrom36(text: string): string | null {
  if (!BASE36.test(text)) return null;
  let value = 0n;
  for (const digit of text) value = value * 36n + BigInt(parseInt(digit, 36));
  return value.toString();
}

function numberFrom36(text: string): number | null {
  if (!/^[0-9a-z]{1,8}$/.test(text)) return null;
  const value = parseInt(text, 36);
  return Number.isSafeInteger(value) ? value : null;
}

function encodeAnchor(anchor: PageAnchor): string {
  if (anchor.direction === "first") return "f";
  if (anchor.direction === "newer") return `n${numberTo36(anchor.number)}`;
  return `o${numberTo36(anchor.number)}-${numberTo36(anchor.id)}`;
}

function decodeAnchor(text: string): PageAnchor | null {
  if (text === "f") return { direction: "first" };
  if (text.startsWith("n")) {
    const number = numberFrom36(text.slice(1));
    return number === null ? null : { direction: "newer", number };
  }
  const [number, id] = text.startsWith("o") ? text.slice(1).split("-").map(numberFrom36) : [];
  return number == null || id == null ? null : { direction: "older", number, id };
}

/**
 * `cases:<anchor>.<page>.<invoker>.<issued>.<member>.<moderator>.<type>`, numbers and ids in base 36 so
 * even two snowflake filters stay far below Discord's 100 characters.
 */
export function encodeListState(state: ListState): string {
  const fields = [
    encodeAnchor(state.anchor),
    numberTo36(state.page),
    snowflakeTo36(state.invokerId),
    numberTo36(Math.floor(state.issuedAt / 1000)),
    state.filter.targetId ? snowflakeTo36(state.filter.targetId) : "",
    state.filter.moderatorId ? snowflakeTo36(state.filter.moderatorId) : "",
    state.filter.type ? numberTo36(CASE_TYPES.indexOf(state.filter.type)) : "",
  ];
  const customId = `${CASES_PREFIX}:${fields.join(".")}`;
  if (customId.length > MAX_UNSIGNED_LENGTH) throw new Error(`custom id too long: ${customId}`);
  return customId;
}

/** The state a button carries, or null when the payload is not one this cog wrote. */
export function decodeListState(payload: string): ListState | null {
  const [anchorText, page36, invoker36, issued36, target36, moderator36, type36, ...extra] =
    payload.split(".");
  if (extra.length > 0 || type36 === undefined) return null;
  const anchor = decodeAnchor(anchorText ?? "");
  const page = numberFrom36(page36 ?? "");
  const invokerId = snowflakeFrom36(invoker36 ?? "");
  const issued = numberFrom36(issued36 ?? "");
  const type = type36 === "" ? undefined : CASE_TYPES[numberFrom36(type36) ?? -1];
  if (!anchor || page === null || page < 1 || !invokerId || issued === null) return null;
  if (type36 !== "" && !type) return null;
  const targetId = target36 ? snowflakeFrom36(target36) : undefined;
  const moderatorId = moderator36 ? snowflakeFrom36(moderator36) : undefined;
  if (targetId === null || moderatorId === null) return null;
  return {
    anchor,
    page,
    invokerId,
    issuedAt: issued * 1000,
    filter: {
      ...(targetId ? { targetId } : {}),
      ...(moderatorId ? { moderatorId } : {}),
      ...(type ? { type } : {}),
    },
  };
}
