import { decodePageState, encodePageState, MAX_PAGE_STATE_LENGTH } from "../../src/bot/pager/page-state";
import {
  LEADERBOARD_ANCHOR,
  LEADERBOARD_PREFIX,
  type LeaderboardAnchor,
} from "../../src/cogs/economy/leaderboard-state";

describe("leaderboard button state", () => {
  const invokerId = "1234567890123456789";
  const mark = { balance: 9_223_372_036_854_775_807n, userId: "9876543210987654321" };
  const issuedAt = 1_700_000_000_000;

  it.each<LeaderboardAnchor>(["top", { after: mark }, { before: mark }])(
    "round-trips %p within Discord's 100 characters",
    (anchor) => {
      const state = { page: 41, invokerId, issuedAt, anchor };
      const customId = encodePageState(LEADERBOARD_PREFIX, state, LEADERBOARD_ANCHOR);
      expect(customId.length).toBeLessThanOrEqual(MAX_PAGE_STATE_LENGTH);
      expect(decodePageState(customId.slice(LEADERBOARD_PREFIX.length + 1), LEADERBOARD_ANCHOR)).toEqual(
        state,
      );
    },
  );

  it.each(["", "x", "a.1", "z.1.2", "a.1.2.3", "a.ABC.1", "b.-1.2"])("refuses the anchor %j", (text) => {
    expect(LEADERBOARD_ANCHOR.decode(text)).toBeNull();
  });
});
