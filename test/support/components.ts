import type { SimMessage } from "../../simulator";

interface RawComponent {
  custom_id?: string;
  components?: RawComponent[];
}

/** The custom id of the first component (at any depth) on `message` whose id starts with `prefix:`. */
export function findCustomId(message: SimMessage | undefined, prefix: string): string | undefined {
  const queue = [...((message?.components ?? []) as RawComponent[])];
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (next.custom_id?.startsWith(`${prefix}:`)) return next.custom_id;
    queue.push(...(next.components ?? []));
  }
  return undefined;
}

/** As findCustomId, but a message without such a component fails the test. */
export function customIdOf(message: SimMessage | undefined, prefix: string): string {
  const found = findCustomId(message, prefix);
  if (found === undefined) throw new Error(`no ${prefix} component on the message`);
  return found;
}
