/** Names for the ids that mentions carry. */
export interface NameBook {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
  roleName(id: string): string | undefined;
}

/** Mentions become names (`<@id>` → `@alice`, `<#id>` → `#general`, `<@&id>` → `@Moderators`). */
export function renderText(text: string, names: NameBook): string {
  return text
    .replace(/<@!?(\d{17,20})>/g, (_match, id: string) => `@${names.userName(id) ?? "unknown-user"}`)
    .replace(/<@&(\d{17,20})>/g, (_match, id: string) => `@${names.roleName(id) ?? "unknown-role"}`)
    .replace(/<#(\d{17,20})>/g, (_match, id: string) => `#${names.channelName(id) ?? "unknown-channel"}`)
    .replace(/<\/([\w -]+):\d{17,20}>/g, (_match, name: string) => `/${name}`)
    .replace(/<a?:(\w+):\d{17,20}>/g, (_match, name: string) => `:${name}:`)
    .replace(/<t:(-?\d{1,13})(?::[tTdDfFR])?>/g, (_match, seconds: string) => timestamp(Number(seconds)));
}

function timestamp(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds);
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
