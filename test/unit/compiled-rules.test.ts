import {
  getMetadataStorage,
  IsDefined,
  IsInt,
  Matches,
  MaxLength,
  Min,
  registerDecorator,
  validateSync,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  Validate,
  type ValidatorConstraintInterface,
} from "class-validator";
import * as caseArguments from "../../src/cogs/cases/arguments";
import * as moderationArguments from "../../src/cogs/moderation/arguments";
import { passesRules } from "../../src/compiled-rules";
import * as entities from "../../src/entities";
import { probesFor } from "../support/rule-probes";

type Constructor = new () => object;

/** What class-validator itself says, with assertValid's options. */
function classValidatorPasses(instance: object, partial: boolean): boolean {
  return (
    validateSync(instance, {
      skipUndefinedProperties: true,
      skipMissingProperties: partial,
      forbidUnknownValues: false,
    }).length === 0
  );
}

function instanceOf(target: Constructor, values: Record<string, unknown>): object {
  return Object.assign(Object.create(target.prototype) as object, values);
}

function validatedProperties(target: Constructor): string[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, "", false, false, undefined);
  return [...new Set(metadatas.map((metadata) => metadata.propertyName))];
}

/** A small deterministic generator, so a failure names a case that can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const validatedClasses: Array<[string, Constructor]> = [
  ...Object.entries(entities),
  ...Object.entries(caseArguments),
  ...Object.entries(moderationArguments),
]
  .filter((entry): entry is [string, Constructor] => typeof entry[1] === "function")
  .filter(([, target]) => validatedProperties(target).length > 0);

describe("compiled rules agree with class-validator", () => {
  it("covers every entity with rules and the command argument classes", () => {
    expect(validatedClasses.length).toBeGreaterThan(20);
  });

  it.each(validatedClasses)(
    "%s: one property at a time, every probe value, partial or whole",
    (_name, target) => {
      for (const property of validatedProperties(target)) {
        for (const value of probesFor(target)) {
          for (const partial of [true, false]) {
            const instance = instanceOf(target, { [property]: value });
            const expected = classValidatorPasses(instance, partial);
            if (passesRules(instance, partial) !== expected) {
              throw new Error(
                `${property} = ${String(value)} (partial ${partial}): class-validator says ${expected}`,
              );
            }
          }
        }
      }
    },
  );

  it.each(validatedClasses)("%s: random rows mixing valid and invalid values", (_name, target) => {
    const random = seeded(target.name.length * 7919);
    const properties = validatedProperties(target);
    const probes = probesFor(target);
    // Values that keep a property's rules on their own, so that a fair share of rows is wholly valid.
    const good = new Map(
      properties.map((property) => [
        property,
        probes.filter((value) => classValidatorPasses(instanceOf(target, { [property]: value }), true)),
      ]),
    );
    const outcomes = { valid: 0, invalid: 0 };
    for (let row = 0; row < 300; row += 1) {
      const values: Record<string, unknown> = {};
      for (const property of properties) {
        if (random() < 0.2) continue;
        const pool = random() < 0.9 ? (good.get(property) ?? probes) : probes;
        values[property] = pool[Math.floor(random() * pool.length)];
      }
      const partial = random() < 0.5;
      const instance = instanceOf(target, values);
      const expected = classValidatorPasses(instance, partial);
      outcomes[expected ? "valid" : "invalid"] += 1;
      if (passesRules(instance, partial) !== expected) {
        throw new Error(`row ${row} ${JSON.stringify(values)} (partial ${partial}): expected ${expected}`);
      }
    }
    expect(outcomes.valid).toBeGreaterThan(10);
    expect(outcomes.invalid).toBeGreaterThan(10);
  });
});

/** Declared asynchronous, so validateSync skips it, even though it answers (no) at once. */
@ValidatorConstraint({ name: "declaredAsync", async: true })
class DeclaredAsync implements ValidatorConstraintInterface {
  validate(): boolean {
    return false;
  }
}

function ReturnsPromise(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: "returnsPromise",
      target: target.constructor,
      propertyName: String(property),
      validator: { validate: () => Promise.resolve(false) as unknown as boolean },
    });
}

class Child {
  @IsInt() n!: number;
}

class Rules {
  @IsDefined() required!: string;
  @ValidateIf((object: Rules) => object.kind === "strict") @Min(10) amount!: number;
  kind?: string;
  @Matches(/^\d+$/, { each: true }) ids!: string[] | Set<string> | Map<string, string>;
  @Validate(DeclaredAsync) @MaxLength(3) code!: string;
  @ReturnsPromise() later!: string;
  @Min(0, { validateIf: (object: Rules) => object.kind !== "loose" }) balance!: number;
}

class Nested {
  @ValidateNested() child!: Child;
}

describe("compiled rules: the rule kinds no entity uses yet", () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ["IsDefined on an absent value", {}],
    ["IsDefined on null", { required: null }],
    ["IsDefined kept", { required: "x" }],
    ["ValidateIf off", { required: "x", amount: 1 }],
    ["ValidateIf on, broken", { required: "x", amount: 1, kind: "strict" }],
    ["ValidateIf on, kept", { required: "x", amount: 11, kind: "strict" }],
    ["each over an array", { required: "x", ids: ["1", "a"] }],
    ["each over a Set", { required: "x", ids: new Set(["1", "a"]) }],
    ["each over a Map", { required: "x", ids: new Map([["k", "1"]]) }],
    ["each over a good Set", { required: "x", ids: new Set(["1", "2"]) }],
    ["each on a non-array", { required: "x", ids: "12" }],
    ["async constraint ignored, sync one kept", { required: "x", code: "abc" }],
    ["async constraint ignored, sync one broken", { required: "x", code: "abcd" }],
    ["MaxLength counts an emoji's two UTF-16 units once", { required: "x", code: "\u{1F600}\u{1F600}" }],
    ["MaxLength: a variation selector is not counted", { required: "x", code: "a\u2764\uFE0Fb" }],
    ["MaxLength: four emoji are too long", { required: "x", code: "\u{1F600}\u{1F600}\u{1F600}\u{1F600}" }],
    ["MaxLength on a number", { required: "x", code: 12 }],
    ["a rule's own validateIf on", { required: "x", balance: -1 }],
    ["a rule's own validateIf off", { required: "x", balance: -1, kind: "loose" }],
    ["a promise from a sync constraint never fails validateSync", { required: "x", later: "y" }],
  ];

  it.each(cases)("%s", (_name, values) => {
    for (const partial of [true, false]) {
      const instance = instanceOf(Rules, values);
      expect(passesRules(instance, partial)).toBe(classValidatorPasses(instance, partial));
    }
  });

  it("leaves nested validation to class-validator (never claims such a row valid)", () => {
    expect(passesRules(instanceOf(Nested, { child: Object.assign(new Child(), { n: 1 }) }), false)).toBe(
      false,
    );
    expect(passesRules({}, false)).toBe(true); // a plain object has no rules, as for class-validator
    expect(passesRules(Object.create(null) as object, false)).toBe(false);
  });
});
