import { InviteTracker } from "../../src/cogs/invites/invite-tracker";

const GUILD = "1";
const invite = (code: string, uses: number, inviterId: string | null = "9") => ({ code, uses, inviterId });

describe("InviteTracker", () => {
  it("attributes a join to the one invite whose uses went up by one", () => {
    const tracker = new InviteTracker();
    tracker.remember(GUILD, [invite("a", 3), invite("b", 0)]);
    expect(tracker.attribute(GUILD, [invite("a", 3), invite("b", 1)])).toEqual(invite("b", 1));
    expect(tracker.attribute(GUILD, [invite("a", 4), invite("b", 1)])).toEqual(invite("a", 4));
  });

  it("leaves a join unknown when none, several, or one by more than one went up", () => {
    const tracker = new InviteTracker();
    tracker.remember(GUILD, [invite("a", 0), invite("b", 0)]);
    expect(tracker.attribute(GUILD, [invite("a", 0), invite("b", 0)])).toBeNull();
    expect(tracker.attribute(GUILD, [invite("a", 1), invite("b", 1)])).toBeNull();
    expect(tracker.attribute(GUILD, [invite("a", 3), invite("b", 1)])).toBeNull();
  });

  it("counts an invite created since it was last seen from zero, and knows nothing of unknown guilds", () => {
    const tracker = new InviteTracker();
    expect(tracker.attribute(GUILD, [invite("a", 1)])).toBeNull();
    tracker.added(GUILD, invite("c", 0));
    expect(tracker.attribute(GUILD, [invite("a", 1), invite("c", 1)])).toEqual(invite("c", 1));
    tracker.removed(GUILD, "c");
    expect(tracker.codes(GUILD)).toEqual(["a"]);
  });
});
