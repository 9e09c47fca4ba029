import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

let cached: string | undefined;

/** Warden's version from package.json, found from wherever this file runs (src/ or dist/src/). */
export function wardenVersion(): string {
  if (cached) return cached;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (parsed.name === "warden") return (cached = parsed.version ?? "unknown");
    }
  }
  return (cached = "unknown");
}
