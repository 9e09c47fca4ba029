/**
 * A value built on first use and kept: hand-written statements take their names from entity metadata, which
 * exists only once the database has started, so controllers build them at their first call, not in their
 * constructors (which run before, e.g. when the command reference is written).
 */
export function builtOnce<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
