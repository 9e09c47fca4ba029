import type { APIEmbed } from "discord.js";
import type { CaseEvidence } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { discordTime, mention } from "./case-lines";

/** The newest pieces of evidence `/case show` lists; older ones are counted. */
const SHOWN_EVIDENCE = 8;
/** Discord's limit on all of one message's embeds together. */
const EMBEDS_LIMIT = 6000;

/** `12.3 KB`: a size as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] ?? "GB"}`;
}

function line(t: Translator, item: CaseEvidence): string {
  const common = { url: item.url, editor: mention(item.addedBy), when: discordTime(item.addedAt) };
  if (item.kind === "link") return t.t("cases.evidence_line_link", common);
  const name = (item.fileName ?? "file").replace(/[[\]()]/g, "_").slice(0, 80);
  const size = formatBytes(item.sizeBytes ?? 0);
  return t.t("cases.evidence_line_file", { ...common, name, size, sha: (item.sha256 ?? "").slice(0, 16) });
}

/** The case's evidence, newest last, or null when it has none. */
export function evidenceEmbed(t: Translator, evidence: readonly CaseEvidence[]): APIEmbed | null {
  if (evidence.length === 0) return null;
  const shown = evidence.slice(-SHOWN_EVIDENCE);
  const lines = shown.map((item) => line(t, item));
  const hidden = evidence.length - shown.length;
  if (hidden > 0) lines.unshift(t.t("cases.evidence_more", { count: hidden }));
  return { title: `${t.t("cases.evidence_title")} (${evidence.length})`, description: lines.join("\n") };
}

function size(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (
    (embed.title ?? "").length + (embed.description ?? "").length + fields + (embed.footer?.text ?? "").length
  );
}

/**
 * Keeps the embeds of one reply within Discord's 6,000 characters: the first (the case) stays whole; the
 * longest of the others loses its first lines (the oldest entries) until they fit.
 */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  const fitted = embeds.map((embed) => ({ ...embed }));
  let total = fitted.reduce((sum, embed) => sum + size(embed), 0);
  while (total > EMBEDS_LIMIT) {
    const longest = fitted.slice(1).reduce<APIEmbed | undefined>((best, embed) => {
      return (embed.description ?? "").length > (best?.description ?? "").length ? embed : best;
    }, undefined);
    const description = longest?.description ?? "";
    if (!longest || description === "") break;
    const cut = description.indexOf("\n");
    const next = cut === -1 ? "…" : `…${description.slice(cut + 1)}`;
    const shorter =
      next.length < description.length ? next : description.slice(0, -(total - EMBEDS_LIMIT) - 1);
    total -= description.length - shorter.length;
    longest.description = shorter;
  }
  return fitted;
}
