import {
  MAX_LENGTH,
  getMetadataStorage,
  ValidationTypes,
  type MetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from "class-validator";

type RuleMetadata = ReturnType<MetadataStorage["getTargetValidationMetadatas"]>[number];
/** A validated class (class-validator's own parameter type). */
type Target = Parameters<MetadataStorage["getTargetValidationMetadatas"]>[0];
type Condition = (object: object, value: unknown) => boolean;

interface Check {
  readonly metadata: RuleMetadata;
  readonly constraint: ValidatorConstraintInterface;
}

interface PropertyRules {
  readonly property: string;
  readonly conditions: readonly Condition[];
  /** IsDefined-type rules: they run even on an absent value. */
  readonly defined: readonly Check[];
  readonly custom: readonly Check[];
}

/** A class's rules, or null when it uses a kind this fast path does not evaluate (nested, promise, whitelist). */
type Plan = readonly PropertyRules[] | null;

const plans = new WeakMap<object, Plan>();

/**
 * True when `instance` provably passes every class-validator rule of its class, evaluated as `validateSync`
 * would (same metadata, same constraint functions, same arguments, same order) but without the executor's
 * per-call metadata filtering and grouping. False means "not proven": the caller runs class-validator,
 * which then names the broken rules. Options are those of assertValid: skipUndefinedProperties, no groups.
 */
export function passesRules(instance: object, partial: boolean): boolean {
  const target = (instance as { constructor?: unknown }).constructor;
  if (typeof target !== "function") return false;
  let plan = plans.get(target);
  if (plan === undefined) {
    plan = compile(target);
    plans.set(target, plan);
  }
  if (plan === null) return false;
  const record = instance as Record<string, unknown>;
  for (const rules of plan) {
    const value = record[rules.property];
    // With no IsDefined-type rule an absent value is skipped whatever the conditions say.
    if (value === undefined && rules.defined.length === 0) continue;
    let applies = true;
    for (const condition of rules.conditions) applies = condition(instance, value) && applies;
    if (!applies) continue;
    if (!allPass(rules.defined, instance, target.name, value)) return false;
    if (value === undefined || (partial && value === null)) continue;
    if (!allPass(rules.custom, instance, target.name, value)) return false;
  }
  return true;
}

function allPass(checks: readonly Check[], object: object, targetName: string, value: unknown): boolean {
  for (const { metadata, constraint } of checks) {
    if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
    if (metadata.name === MAX_LENGTH && !metadata.each && surelyWithin(value, metadata.constraints[0]))
      continue;
    const args: ValidationArguments = {
      targetName,
      property: metadata.propertyName,
      object,
      value,
      constraints: metadata.constraints,
    };
    if (!metadata.each || !(Array.isArray(value) || value instanceof Set || value instanceof Map)) {
      if (!passed(constraint.validate(value, args))) return false;
      continue;
    }
    const items: unknown[] = value instanceof Map ? [...value.values()] : [...(value as Iterable<unknown>)];
    const results = items.map((item) => constraint.validate(item, args));
    // Any promise makes class-validator's check asynchronous, which validateSync never awaits.
    if (results.some(isPromise)) continue;
    if (!results.every(Boolean)) return false;
  }
  return true;
}

/**
 * MaxLength counts code points (validator's isLength: UTF-16 units less surrogate pairs and variation
 * selectors), never more than the UTF-16 length: a string no longer than `max` units passes without the
 * two regular expressions isLength runs on every value.
 */
function surelyWithin(value: unknown, max: unknown): boolean {
  return typeof value === "string" && typeof max === "number" && value.length <= max;
}

/** validateSync does not await a promise a synchronous constraint returns: it never fails the call. */
function passed(result: boolean | Promise<boolean>): boolean {
  return isPromise(result) || Boolean(result);
}

function isPromise(value: unknown): value is Promise<unknown> {
  return (
    value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function"
  );
}

function compile(target: Target): Plan {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, "", false, false, undefined);
  const byProperty = new Map<string, RuleMetadata[]>();
  for (const metadata of metadatas) {
    const known = byProperty.get(metadata.propertyName);
    if (known) known.push(metadata);
    else byProperty.set(metadata.propertyName, [metadata]);
  }
  const plan: PropertyRules[] = [];
  for (const [property, rules] of byProperty) {
    const conditions: Condition[] = [];
    const defined: Check[] = [];
    const custom: Check[] = [];
    for (const metadata of rules) {
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        conditions.push(metadata.constraints[0] as Condition);
      } else if (
        metadata.type === ValidationTypes.IS_DEFINED ||
        metadata.type === ValidationTypes.CUSTOM_VALIDATION
      ) {
        const into = metadata.type === ValidationTypes.IS_DEFINED ? defined : custom;
        for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
          // validateSync ignores asynchronous constraints.
          if (!constraint.async) into.push({ metadata, constraint: constraint.instance });
        }
      } else {
        return null;
      }
    }
    plan.push({ property, conditions, defined, custom });
  }
  return plan;
}
