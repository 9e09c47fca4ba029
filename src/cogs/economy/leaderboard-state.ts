import { bigFrom36, to36, type AnchorCodec } from "../../bot/pager/page-state";
import type { RankAnchor } from "../../controllers/economy-controller";

export const LEADERBOARD_PREFIX = "leaderboard";

/** Where a leaderboard page starts: the top, or after or before a holder. */
export type LeaderboardAnchor = NonNullable<RankAnchor> | "top";

/** `f` (the top), or `a|b.<balance>.<user>` (after or before a holder), in base 36. */
export const LEADERBOARD_ANCHOR: AnchorCodec<LeaderboardAnchor> = {
  encode: (anchor) => {
    if (anchor === "top") return "f";
    const [direction, mark] = "after" in anchor ? ["a", anchor.after] : ["b", anchor.before];
    return `${direction}.${to36(mark.balance)}.${to36(mark.userId)}`;
  },
  decode: (text) => {
    if (text === "f") return "top";
    const [direction, balance36, user36, ...extra] = text.split(".");
    const balance = bigFrom36(balance36);
    const user = bigFrom36(user36);
    if (extra.length > 0 || balance === null || user === null) return null;
    const mark = { balance, userId: user.toString() };
    if (direction === "a") return { after: mark };
    if (direction === "b") return { before: mark };
    return null;
  },
};
