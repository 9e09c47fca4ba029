import { UserPreferenceController } from "../../../src/controllers/user-preference-controller";
import { snowflake } from "../../support/factories";
import { useTestDatabase } from "../../support/test-database";

const t = useTestDatabase();

describe("user preferences in memory", () => {
  afterEach(() => jest.restoreAllMocks());

  it("forgets members read together at different times, from 45 s to 75 s later, never before", async () => {
    const preferences = t.get(UserPreferenceController);
    const members = Array.from({ length: 200 }, () => snowflake());
    const start = Date.now();
    const clock = jest.spyOn(Date, "now").mockReturnValue(start);
    // Read again any the process forgot meanwhile (it forgets everything when its listener (re)connects).
    for (let pass = 0; pass < 3; pass += 1) {
      for (const member of members) {
        if (preferences.knownLanguageOf(member) === undefined) await preferences.languageOf(member);
      }
    }

    const forgottenAfter = (seconds: number): number => {
      clock.mockReturnValue(start + seconds * 1000);
      return members.filter((member) => preferences.knownLanguageOf(member) === undefined).length;
    };
    expect(forgottenAfter(0)).toBe(0);
    expect(forgottenAfter(44)).toBe(0);
    const atOneMinute = forgottenAfter(60);
    // Spread evenly over 30 s, about half are forgotten after a minute (200 members: 1 in 10^11 outside).
    expect(atOneMinute).toBeGreaterThan(40);
    expect(atOneMinute).toBeLessThan(160);
    expect(forgottenAfter(76)).toBe(members.length);
  });
});
