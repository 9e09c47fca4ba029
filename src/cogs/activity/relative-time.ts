/** A Discord timestamp ("3 hours ago"), which each member's client writes in their own language. */
export function relativeTime(at: Date): string {
  return `<t:${Math.floor(at.getTime() / 1000)}:R>`;
}
