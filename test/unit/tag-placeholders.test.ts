import { renderPlaceholders, variableNames } from "../../src/cogs/tags/placeholders";

const values = {
  userId: "123",
  userName: "alice",
  count: 7,
  variables: new Map([["score", "42"]]),
};

describe("tag placeholders", () => {
  it("fills in the known placeholders", () => {
    expect(renderPlaceholders("{user} {user.name} #{count} {var:SCORE}", values)).toBe("<@123> alice #7 42");
  });

  it("renders an unknown variable as nothing and leaves other braces as written", () => {
    expect(renderPlaceholders("[{var:nope}] {user.id} {eval:1+1} {", values)).toBe(
      "[] {user.id} {eval:1+1} {",
    );
  });

  it("never scans substituted text again", () => {
    const sneaky = { ...values, userName: "{count}", variables: new Map([["x", "{user}"]]) };
    expect(renderPlaceholders("{user.name} {var:x}", sneaky)).toBe("{count} {user}");
  });

  it("lists each variable a response refers to once, lower case", () => {
    expect(variableNames("{var:A} {var:a} {var:b.c} {var:bad name}")).toEqual(["a", "b.c"]);
  });
});
