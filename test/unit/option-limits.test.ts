import { ApplicationCommandOptionType, type CommandInteractionOption } from "discord.js";
import { readArguments } from "../../src/bot/commands/arguments";
import type { CommandOptionDefinition } from "../../src/bot/commands/definition";
import { translator } from "../../src/i18n/translator";
import { ValidationError } from "../../src/errors/validation-error";

const definitions: readonly CommandOptionDefinition[] = [
  {
    type: ApplicationCommandOptionType.Integer,
    name: "amount",
    description: "a",
    required: true,
    min_value: 1,
    max_value: 1000,
  },
  { type: ApplicationCommandOptionType.Number, name: "ratio", description: "r" },
  {
    type: ApplicationCommandOptionType.String,
    name: "period",
    description: "p",
    choices: [
      { name: "Day", value: "day" },
      { name: "Week", value: "week" },
    ],
  },
];

function read(provided: Array<{ name: string; type: ApplicationCommandOptionType; value: unknown }>) {
  return readArguments(definitions, provided as unknown as CommandInteractionOption[]);
}

function refusal(provided: Parameters<typeof read>[0]): Record<string, readonly string[]> {
  try {
    read(provided);
  } catch (error) {
    if (error instanceof ValidationError) {
      const en = translator("en");
      return Object.fromEntries(
        Object.entries(error.fields).map(([field, rules]) => [field, rules.map((rule) => en.render(rule))]),
      );
    }
    throw error;
  }
  throw new Error("accepted");
}

const amount = (value: unknown) => ({ name: "amount", type: ApplicationCommandOptionType.Integer, value });

describe("options Discord would never send are refused by name, never reach a handler", () => {
  it("accepts what the definition allows", () => {
    expect(
      read([amount(5), { name: "period", type: ApplicationCommandOptionType.String, value: "week" }]),
    ).toEqual({
      amount: 5,
      ratio: undefined,
      period: "week",
    });
  });

  it("refuses a missing required option, a fraction for an integer, and values outside min/max", () => {
    expect(refusal([])).toEqual({ amount: ["is required"] });
    expect(refusal([amount(1.5)])).toEqual({ amount: ["must be a whole number"] });
    expect(refusal([amount(2 ** 60)])).toEqual({ amount: ["must be a whole number"] });
    expect(refusal([amount(0)])).toEqual({ amount: ["must be at least 1"] });
    expect(refusal([amount(1001)])).toEqual({ amount: ["must be at most 1,000"] });
    expect(refusal([amount("12")])).toEqual({ amount: ["must be a number"] });
  });

  it("refuses a number that is not finite and a value that is not one of the choices", () => {
    expect(
      refusal([amount(1), { name: "ratio", type: ApplicationCommandOptionType.Number, value: Infinity }]),
    ).toEqual({
      ratio: ["must be a number"],
    });
    expect(
      refusal([amount(1), { name: "period", type: ApplicationCommandOptionType.String, value: "decade" }]),
    ).toEqual({
      period: ["is not one of the choices"],
    });
  });
});
