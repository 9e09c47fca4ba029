import type { APIEmbed } from "discord.js";
import type { CaseEdit } from "../../entities";
import { discordTime, shortReason } from "./case-lines";

/** The newest edits shown; older ones are counted. Keeps the two embeds under Discord's 6,000 characters. */
const SHOWN_EDITS = 10;

function linkedNumber(value: string | null, numbers: ReadonlyMap<number, number>): string {
  if (value === null) return "nothing";
  const number = numbers.get(Number(value));
  return number === undefined ? "a case that no longer exists" : `case #${number}`;
}

function change(edit: CaseEdit, numbers: ReadonlyMap<number, number>): string {
  switch (edit.field) {
    case "reason":
      return `changed the reason from “${shortReason(edit.before, 150)}” to “${shortReason(edit.after, 150)}”`;
    case "voided":
      if (edit.after !== "true") return "restored the case";
      return edit.note ? `deleted the case: “${shortReason(edit.note, 150)}”` : "deleted the case";
    case "refCaseId":
      return edit.after === null ? "removed its link" : `linked it to ${linkedNumber(edit.after, numbers)}`;
    case "expiresAt":
      return edit.after === null
        ? "removed its expiry"
        : `set it to expire ${discordTime(new Date(edit.after), "f")}`;
  }
}

/** Case ids that history lines name (links), so their numbers can be looked up in one go. */
export function linkedCaseIds(edits: readonly CaseEdit[]): number[] {
  return edits
    .filter((edit) => edit.field === "refCaseId")
    .flatMap((edit) => [edit.before, edit.after])
    .filter((value) => value !== null)
    .map(Number);
}

/** Who changed what, and when, oldest first. */
export function historyEmbed(edits: readonly CaseEdit[], numbers: ReadonlyMap<number, number>): APIEmbed {
  if (edits.length === 0) return { title: "History", description: "Not edited since it was recorded." };
  const shown = edits.slice(-SHOWN_EDITS);
  const lines = shown.map(
    (edit) => `${discordTime(edit.editedAt, "f")} <@${edit.editorId}> ${change(edit, numbers)}`,
  );
  const hidden = edits.length - shown.length;
  if (hidden > 0) lines.unshift(`…${hidden} earlier edit${hidden === 1 ? "" : "s"} not shown`);
  return { title: "History", description: lines.join("\n") };
}
