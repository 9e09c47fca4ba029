/** A compiled path pattern: "/guilds/:guild/bans/:user" or a RegExp tested against the whole path. */
export interface PathMatcher {
  match(path: string): Record<string, string> | null;
}

const compiled = new Map<string, PathMatcher>();

/** Compiles (and caches) a string pattern with `:param` segments; RegExps are used as given. */
export function pathMatcher(pattern: string | RegExp): PathMatcher {
  if (pattern instanceof RegExp) {
    return { match: (path) => (path.search(pattern) === -1 ? null : {}) };
  }
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const matcher = compileSegments(splitPath(pattern));
  compiled.set(pattern, matcher);
  return matcher;
}

export function splitPath(path: string): string[] {
  const segments = path.split("/");
  return segments.filter((segment, index) => segment !== "" || (index > 0 && index < segments.length - 1));
}

function compileSegments(segments: string[]): PathMatcher {
  return {
    match(path) {
      const actual = splitPath(path);
      if (actual.length !== segments.length) return null;
      const params: Record<string, string> = {};
      for (let index = 0; index < segments.length; index += 1) {
        const expected = segments[index] as string;
        const value = actual[index] as string;
        if (expected.startsWith(":")) params[expected.slice(1)] = value;
        else if (expected !== value) return null;
      }
      return params;
    },
  };
}
