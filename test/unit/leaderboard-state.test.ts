import { SIGNATURE_OVERHEAD } from "../../src/bot/component-signer";
import {
  decodeLeaderboardState,
  encodeLeaderboardState,
  LEADERBOARD_PREFIX,
  type LeaderboardState,
} from "../../src/cogs/economy/leaderboard-state";

const payloadOf = (state: LeaderboardState): string =>
  encodeLeaderboardState(state).slice(LEADERBOARD_PREFIX.length + 1);

describe("leaderboard button state", () => {
  const invokerId = "1234567890123456789";
  const mark = { balance: 9_223_372_036_854_775_807n, userId: "9876543210987654321" };

  it.each<LeaderboardState>([
    { page: 1, invokerId, anchor: null },
    { page: 2, invokerId, anchor: { after: mark } },
    { page: 41, invokerId, anchor: { before: mark } },
  ])("round-trips %j within Discord's 100 characters", (state) => {
    expect(encodeLeaderboardState(state).length).toBeLessThanOrEqual(100 - SIGNATURE_OVERHEAD);
    expect(decodeLeaderboardState(payloadOf(state))).toEqual(state);
  });

  it.each(["", "1", "1.x", "0.abc.f", "1.abc.a.1", "1.abc.z.1.2", "1.abc.f.1", "1.ABC.f", "1.abc.a.1.2.3"])(
    "refuses the malformed payload %j",
    (payload) => {
      expect(decodeLeaderboardState(payload)).toBeNull();
    },
  );
});
