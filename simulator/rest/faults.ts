import { pathMatcher, type PathMatcher } from "../core/path-pattern";
import type { FaultRule } from "../types";

interface ActiveRule {
  rule: FaultRule;
  matcher: PathMatcher;
  remaining: number;
}

/** Makes chosen REST routes fail or slow down, for a number of requests or until removed. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** Adds a rule; returns a function that removes it. */
  inject(rule: FaultRule): () => void {
    const active: ActiveRule = { rule, matcher: pathMatcher(rule.path), remaining: rule.times ?? Infinity };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== active);
    };
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching this request (consuming one of its uses), if any. */
  take(method: string, path: string): FaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    const found = this.rules.find(
      ({ rule, matcher }) =>
        (rule.method === undefined || rule.method.toUpperCase() === method) && matcher.match(path) !== null,
    );
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== found);
    return found.rule;
  }
}
