import {
  decodePageState,
  encodePageState,
  MAX_PAGE_STATE_LENGTH,
  type PageState,
} from "../../src/bot/pager/page-state";
import { CASES_ANCHOR, CASES_PREFIX, type CasesAnchor } from "../../src/cogs/cases/list-state";
import { CaseType } from "../../src/entities";

const BIGGEST_SNOWFLAKE = (2n ** 64n - 1n).toString();
const decode = (customId: string) => decodePageState(customId.slice(`${CASES_PREFIX}:`.length), CASES_ANCHOR);

describe("the state /cases buttons carry in their custom id", () => {
  it("round-trips every position, filter and the issue time (to the second)", () => {
    const states: PageState<CasesAnchor>[] = [
      {
        anchor: { position: { direction: "first" }, filter: {} },
        page: 1,
        invokerId: "80351110224678912",
        issuedAt: 1_700_000_000_000,
      },
      {
        anchor: {
          position: { direction: "older", number: 1234, id: 98765 },
          filter: { targetId: "175928847299117063", type: CaseType.Softban },
        },
        page: 124,
        invokerId: "80351110224678912",
        issuedAt: 1_700_000_001_000,
      },
      {
        anchor: {
          position: { direction: "newer", number: 11 },
          filter: { moderatorId: "175928847299117064", type: CaseType.Warn },
        },
        page: 2,
        invokerId: "80351110224678912",
        issuedAt: 1_700_000_002_000,
      },
    ];
    for (const state of states) {
      const customId = encodePageState(CASES_PREFIX, state, CASES_ANCHOR);
      expect(customId.startsWith("cases:")).toBe(true);
      expect(decode(customId)).toEqual(state);
    }
  });

  it("stays under Discord's 100 characters with the largest ids, numbers and both member filters", () => {
    const customId = encodePageState(
      CASES_PREFIX,
      {
        anchor: {
          position: { direction: "older", number: 2 ** 31 - 1, id: 2 ** 31 - 1 },
          filter: { targetId: BIGGEST_SNOWFLAKE, moderatorId: BIGGEST_SNOWFLAKE, type: CaseType.Untimeout },
        },
        page: 2 ** 31 - 1,
        invokerId: BIGGEST_SNOWFLAKE,
        issuedAt: Date.UTC(2100, 0, 1),
      },
      CASES_ANCHOR,
    );
    expect(customId.length).toBeLessThanOrEqual(MAX_PAGE_STATE_LENGTH);
    expect(decode(customId)?.anchor.filter.targetId).toBe(BIGGEST_SNOWFLAKE);
  });

  it("refuses anchors it did not write", () => {
    for (const text of ["", "f", "x...", "o1...", "f.....", "f.A..", "f...z", "o1-2-3..."]) {
      expect(CASES_ANCHOR.decode(text)).toBeNull();
    }
    expect(CASES_ANCHOR.decode("f...")).toEqual({ position: { direction: "first" }, filter: {} });
  });
});
