import type { Page } from "../../controllers/base-controller";
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

export function tagList(page: Page<Tag>): string {
  if (page.total === 0) return "No tags yet.";
  if (page.items.length === 0) return `There are only ${page.pages} page(s).`;
  const lines = page.items.map(
    (tag) =>
      `\`${tag.name}\`${tag.enabled ? "" : " (disabled)"} · ${tag.uses} use(s) · ${preview(tag.response, PREVIEW)}`,
  );
  return `${lines.join("\n")}\nPage ${page.page} of ${page.pages} · ${page.total} tags`;
}
