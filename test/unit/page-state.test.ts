import {
  decodePageState,
  encodePageState,
  MAX_PAGE_STATE_LENGTH,
  type AnchorCodec,
} from "../../src/bot/pager/page-state";

const decodeNumbers: AnchorCodec<{ after: number } | "first"> = {
  encode: (anchor) => (anchor === "first" ? "f" : `a${anchor.after.toString(36)}`),
  decode: (text) => {
    if (text === "f") return "first";
    return /^a[0-9a-z]{1,8}$/.test(text) ? { after: parseInt(text.slice(1), 36) } : null;
  },
};

describe("pager state in a custom id", () => {
  const state = {
    page: 3,
    invokerId: "123456789012345678",
    issuedAt: 1_700_000_000_000,
    anchor: { after: 42 },
  };

  it("round-trips page, invoker, issue time (to the second) and the list's anchor", () => {
    const customId = encodePageState("cases", state, decodeNumbers);
    expect(customId.startsWith("cases:")).toBe(true);
    expect(customId.length).toBeLessThanOrEqual(MAX_PAGE_STATE_LENGTH);
    expect(decodePageState(customId.slice("cases:".length), decodeNumbers)).toEqual(state);
    const first = encodePageState("cases", { ...state, anchor: "first" as const }, decodeNumbers);
    expect(decodePageState(first.slice("cases:".length), decodeNumbers)?.anchor).toBe("first");
  });

  it.each([
    ["an empty payload", ""],
    ["page zero", "0.3dbtzxi6vz9e.sa7ay8.a16"],
    ["a missing anchor", "3.3dbtzxi6vz9e.sa7ay8"],
    ["an anchor the list never writes", "3.3dbtzxi6vz9e.sa7ay8.zz"],
    ["a non-numeric invoker", "3.<@1>.sa7ay8.a16"],
  ])("refuses %s", (_what, payload) => {
    expect(decodePageState(payload, decodeNumbers)).toBeNull();
  });

  it("refuses to write a custom id Discord would reject once signed", () => {
    const long: AnchorCodec<string> = { encode: (anchor) => anchor, decode: (text) => text };
    expect(() => encodePageState("cases", { ...state, anchor: "x".repeat(90) }, long)).toThrow(/too long/);
  });
});
