import { getMetadataStorage } from "class-validator";

const SNOWFLAKE = "123456789012345678";

/** Values that break or keep the usual rules: types, blanks, snowflakes, names, arrays of each. */
const COMMON: readonly unknown[] = [
  undefined,
  null,
  "",
  " ",
  "a",
  "abc",
  "A b",
  "tag-name",
  "name_1",
  "-x",
  "1",
  SNOWFLAKE,
  "123456789012345678901",
  "12a",
  "x".repeat(32),
  "x".repeat(33),
  "café",
  "b9d1c5a0-6f8e-4c1a-9d2b-3e4f5a6b7c8d",
  "not-a-uuid",
  0,
  1,
  -1,
  1.5,
  Number.NaN,
  true,
  false,
  "true",
  [],
  [SNOWFLAKE],
  [SNOWFLAKE, "bad"],
  new Set([SNOWFLAKE]),
  {},
  new Date(0),
];

/**
 * Probe values for a class's rules: the common ones plus, from each rule's constraints, its boundaries
 * (n-1, n, n+1, and strings of length n and n+1 for a number n) and its allowed values (IsIn, IsEnum).
 */
export function probesFor(target: new () => object): unknown[] {
  const probes = new Set<unknown>(COMMON);
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, "", false, false, undefined);
  for (const metadata of metadatas) {
    for (const constraint of metadata.constraints ?? []) addFrom(probes, constraint);
  }
  return [...probes];
}

function addFrom(probes: Set<unknown>, constraint: unknown): void {
  if (typeof constraint === "number") {
    for (const n of [constraint - 1, constraint, constraint + 1, constraint + 0.5]) probes.add(n);
    if (constraint >= 0 && constraint <= 5000) {
      probes.add("x".repeat(constraint));
      probes.add("x".repeat(constraint + 1));
    }
  } else if (typeof constraint === "string") {
    probes.add(constraint);
  } else if (Array.isArray(constraint)) {
    for (const item of constraint as unknown[]) probes.add(item);
    probes.add("not one of them");
  } else if (constraint !== null && typeof constraint === "object" && !(constraint instanceof RegExp)) {
    for (const item of Object.values(constraint)) probes.add(item);
  }
}
