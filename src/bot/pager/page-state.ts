import { MAX_CUSTOM_ID_LENGTH, SIGNATURE_OVERHEAD } from "../component-signer";

/** Room a pager's custom id has once the signature is appended (Discord refuses more than 100). */
export const MAX_PAGE_STATE_LENGTH = MAX_CUSTOM_ID_LENGTH - SIGNATURE_OVERHEAD;

/** How a list writes where a page starts (its anchor) into a custom id, and reads it back. */
export interface AnchorCodec<A> {
  encode(anchor: A): string;
  /** The anchor, or null when the text is not one this list wrote. */
  decode(text: string): A | null;
}

/** Everything a Previous/Next button carries (there is no server-side session). */
export interface PageState<A> {
  /** The number of the page the anchor leads to. */
  page: number;
  /** Who ran the command: only they may page. */
  invokerId: string;
  /** When the buttons were issued, in ms (kept to the second). */
  issuedAt: number;
  anchor: A;
}

const BASE36_SNOWFLAKE = /^[0-9a-z]{1,13}$/;
const BASE36_NUMBER = /^[0-9a-z]{1,8}$/;

export const to36 = (value: bigint | number | string): string => BigInt(value).toString(36);

/** A snowflake (or other big id) written by `to36`, or null. */
export function bigFrom36(text: string | undefined): bigint | null {
  if (text === undefined || !BASE36_SNOWFLAKE.test(text)) return null;
  let value = 0n;
  for (const digit of text) value = value * 36n + BigInt(parseInt(digit, 36));
  return value;
}

/** A safe integer written by `to36`, or null. */
export function numberFrom36(text: string | undefined): number | null {
  if (text === undefined || !BASE36_NUMBER.test(text)) return null;
  const value = parseInt(text, 36);
  return Number.isSafeInteger(value) ? value : null;
}

/** `<prefix>:<page>.<invoker>.<issued s>.<anchor>`, numbers in base 36. */
export function encodePageState<A>(prefix: string, state: PageState<A>, codec: AnchorCodec<A>): string {
  const head = [to36(state.page), to36(state.invokerId), to36(Math.floor(state.issuedAt / 1000))].join(".");
  const customId = `${prefix}:${head}.${codec.encode(state.anchor)}`;
  if (customId.length > MAX_PAGE_STATE_LENGTH) throw new Error(`custom id too long: ${customId}`);
  return customId;
}

/** The state in a button's payload (the custom id after the prefix), or null when it is not one of ours. */
export function decodePageState<A>(payload: string, codec: AnchorCodec<A>): PageState<A> | null {
  const [page36, invoker36, issued36, ...anchorParts] = payload.split(".");
  const page = numberFrom36(page36);
  const invoker = bigFrom36(invoker36);
  const issued = numberFrom36(issued36);
  if (page === null || page < 1 || invoker === null || issued === null || anchorParts.length === 0)
    return null;
  const anchor = codec.decode(anchorParts.join("."));
  if (anchor === null) return null;
  return { page, invokerId: invoker.toString(), issuedAt: issued * 1000, anchor };
}
