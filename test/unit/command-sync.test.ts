import { ApplicationCommandOptionType, PermissionFlagsBits } from "discord.js";
import type { ChatInputCommandDefinition } from "../../src/bot/commands/definition";
import { commandsDiffer } from "../../src/bot/commands/sync";

const warn = {
  name: "warn",
  description: "Warn a member",
  default_member_permissions: String(PermissionFlagsBits.ModerateMembers),
  contexts: [0],
  options: [
    { type: ApplicationCommandOptionType.User, name: "user", description: "who", required: true },
    { type: ApplicationCommandOptionType.String, name: "reason", description: "why", max_length: 500 },
  ],
} as const satisfies ChatInputCommandDefinition;

/** What Discord hands back for `warn`: ids, versions, and its defaults filled in. */
function registeredCopy(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "1300000000000000000",
    application_id: "1200000000000000000",
    version: "1300000000000000001",
    type: 1,
    name: "warn",
    description: "Warn a member",
    default_member_permissions: String(PermissionFlagsBits.ModerateMembers),
    dm_permission: false,
    contexts: [0],
    integration_types: [0],
    nsfw: false,
    options: [
      { type: 6, name: "user", description: "who", required: true },
      { type: 3, name: "reason", description: "why", max_length: 500 },
    ],
    ...overrides,
  };
}

describe("commandsDiffer", () => {
  it("sees no difference between a definition and Discord's copy of it", () => {
    expect(commandsDiffer([warn], [registeredCopy()])).toBe(false);
  });

  it("sees a changed description, permission, option or context", () => {
    expect(commandsDiffer([warn], [registeredCopy({ description: "Warn someone" })])).toBe(true);
    expect(commandsDiffer([warn], [registeredCopy({ default_member_permissions: null })])).toBe(true);
    expect(commandsDiffer([warn], [registeredCopy({ contexts: [0, 1] })])).toBe(true);
    expect(
      commandsDiffer([warn], [registeredCopy({ options: [{ type: 6, name: "user", description: "who" }] })]),
    ).toBe(true);
  });

  it("sees commands added or removed", () => {
    expect(commandsDiffer([warn], [])).toBe(true);
    expect(commandsDiffer([], [registeredCopy()])).toBe(true);
    expect(commandsDiffer([warn], [registeredCopy({ name: "caution" })])).toBe(true);
  });
});

describe("commandsDiffer with context menus", () => {
  const warnMenu = {
    type: 2,
    name: "Warn",
    default_member_permissions: "1099511627776",
    contexts: [0],
  } as const;
  const registeredMenu = (overrides: Record<string, unknown> = {}) =>
    registeredCopy({ type: 2, name: "Warn", description: "", options: undefined, ...overrides });

  it("tells a user menu from the slash command of the same name, and compares each with its own copy", () => {
    const both = [warn, warnMenu];
    expect(commandsDiffer(both, [registeredCopy(), registeredMenu()])).toBe(false);
    expect(commandsDiffer(both, [registeredMenu(), registeredCopy()])).toBe(false);
    expect(commandsDiffer(both, [registeredCopy(), registeredMenu({ type: 3 })])).toBe(true);
    expect(
      commandsDiffer(both, [registeredCopy(), registeredMenu({ name_localizations: { de: "x" } })]),
    ).toBe(true);
  });
});
