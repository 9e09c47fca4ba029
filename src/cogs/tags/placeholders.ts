/** What a tag's placeholders can draw on; plain values, gathered before rendering. */
export interface PlaceholderValues {
  userId: string;
  userName: string;
  count: number;
  /** Variable values as text, by lower-case name; a name missing here renders as nothing. */
  variables: ReadonlyMap<string, string>;
}

const PLACEHOLDER = /\{(user|user\.name|count|var:([a-zA-Z0-9_.-]{1,64}))\}/g;

/** The variable names a response refers to, lower case, each once. */
export function variableNames(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) if (match[2]) names.add(match[2].toLowerCase());
  return [...names];
}

/**
 * Fills in `{user}` (a mention; the reply pings nobody), `{user.name}`, `{count}` and `{var:NAME}` (an
 * unknown variable renders as nothing). Anything else in braces is left exactly as written. Substituted
 * text is never scanned again, so a value cannot smuggle in another placeholder.
 */
export function renderPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(PLACEHOLDER, (_whole, key: string, variable: string | undefined) => {
    if (variable !== undefined) return values.variables.get(variable.toLowerCase()) ?? "";
    if (key === "user") return `<@${values.userId}>`;
    if (key === "user.name") return values.userName;
    return String(values.count);
  });
}
