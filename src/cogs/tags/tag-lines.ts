import type { Page } from "../../controllers/base-controller";
import type { GroupAudience } from "../../controllers/group-controller";
import type { Tag } from "../../entities/tag";

const PREVIEW = 60;

function preview(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, " ").replace(/`/g, "ˋ");
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

/** `/tag info`: the tag's settings and its raw response (placeholders shown, not filled in). */
export function tagInfo(tag: Tag, groupName: string | null): string {
  const who = tag.modOnly ? "moderators" : groupName ? `members of \`${groupName}\`` : "everyone";
  return [
    `**${tag.name}**${tag.enabled ? "" : " (disabled)"}`,
    `Used ${tag.uses} time(s) · by ${who} · cooldown ${tag.cooldownSeconds ? `${tag.cooldownSeconds} s` : "none"}`,
    `Created by <@${tag.createdBy}> <t:${Math.floor(tag.createdAt.getTime() / 1000)}:R>`,
    `Response: \`${preview(tag.response, 1500)}\``,
  ].join("\n");
}

/** Who is looking at a list: a moderator, and the groups of the listed tags (name, and whether a member). */
export interface TagAudience {
  moderator: boolean;
  groups: ReadonlyMap<number, GroupAudience>;
}

/** "moderators only", "members of `Artists` only", or null for a tag anyone may use. */
function limitOf(tag: Tag, audience: TagAudience): string | null {
  if (tag.modOnly) return "moderators only";
  if (tag.groupId === null) return null;
  return `members of \`${audience.groups.get(tag.groupId)?.name ?? "?"}\` only`;
}

function mayRead(tag: Tag, audience: TagAudience): boolean {
  if (audience.moderator) return true;
  if (tag.modOnly) return false;
  return tag.groupId === null || (audience.groups.get(tag.groupId)?.member ?? false);
}

export function tagList(page: Page<Tag>, audience: TagAudience): string {
  if (page.total === 0) return "No tags yet.";
  if (page.items.length === 0) return `There are only ${page.pages} page(s).`;
  const lines = page.items.map((tag) => {
    const limit = limitOf(tag, audience);
    const parts = [`\`${tag.name}\`${tag.enabled ? "" : " (disabled)"}`, `${tag.uses} use(s)`];
    if (limit) parts.push(limit);
    if (mayRead(tag, audience)) parts.push(preview(tag.response, PREVIEW));
    return parts.join(" · ");
  });
  return `${lines.join("\n")}\nPage ${page.page} of ${page.pages} · ${page.total} tags`;
}
