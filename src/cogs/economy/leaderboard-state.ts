import type { RankAnchor } from "../../controllers/economy-controller";

export const LEADERBOARD_PREFIX = "leaderboard";

/** What a Previous/Next button carries in its custom id: the page it leads to, from where, and for whom. */
export interface LeaderboardState {
  page: number;
  invokerId: string;
  anchor: RankAnchor;
}

const BASE36 = /^[0-9a-z]{1,13}$/;
const to36 = (value: bigint | number | string): string => BigInt(value).toString(36);

function from36(text: string | undefined): bigint | null {
  if (text === undefined || !BASE36.test(text)) return null;
  let value = 0n;
  for (const digit of text) value = value * 36n + BigInt(parseInt(digit, 36));
  return value;
}

/** `leaderboard:<page>.<invoker>.<a|b|f>[.<balance>.<user>]`, all in base 36, well under 100 characters. */
export function encodeLeaderboardState(state: LeaderboardState): string {
  const head = `${LEADERBOARD_PREFIX}:${to36(state.page)}.${to36(state.invokerId)}`;
  if (state.anchor === null) return `${head}.f`;
  const [direction, mark] = "after" in state.anchor ? ["a", state.anchor.after] : ["b", state.anchor.before];
  return `${head}.${direction}.${to36(mark.balance)}.${to36(mark.userId)}`;
}

/** The state in a button's payload (the custom id after the prefix), or null when it is not one of ours. */
export function decodeLeaderboardState(payload: string): LeaderboardState | null {
  const [page36, invoker36, direction, balance36, user36, ...rest] = payload.split(".");
  const page = from36(page36);
  const invoker = from36(invoker36);
  if (rest.length > 0 || page === null || invoker === null || page < 1n || page > 1_000_000n) return null;
  const base = { page: Number(page), invokerId: invoker.toString() };
  if (direction === "f" && balance36 === undefined) return { ...base, anchor: null };
  const balance = from36(balance36);
  const user = from36(user36);
  if (balance === null || user === null) return null;
  const mark = { balance, userId: user.toString() };
  if (direction === "a") return { ...base, anchor: { after: mark } };
  if (direction === "b") return { ...base, anchor: { before: mark } };
  return null;
}
