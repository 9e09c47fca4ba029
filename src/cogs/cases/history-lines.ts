import type { APIEmbed } from "discord.js";
import type { CaseEdit } from "../../entities";
import type { Translator } from "../../i18n/translator";
import { discordTime, mention, shortReason } from "./case-lines";

/** The newest edits shown; older ones are counted. Keeps the two embeds under Discord's 6,000 characters. */
const SHOWN_EDITS = 10;

function change(t: Translator, edit: CaseEdit, numbers: ReadonlyMap<number, number>): string {
  const editor = mention(edit.editorId);
  switch (edit.field) {
    case "reason":
      return t.t("cases.edit_reason", {
        editor,
        before: shortReason(t, edit.before, 150),
        after: shortReason(t, edit.after, 150),
      });
    case "voided":
      if (edit.after !== "true") return t.t("cases.edit_restored", { editor });
      return edit.note
        ? t.t("cases.edit_deleted_because", { editor, note: shortReason(t, edit.note, 150) })
        : t.t("cases.edit_deleted", { editor });
    case "refCaseId": {
      if (edit.after === null) return t.t("cases.edit_unlinked", { editor });
      const number = numbers.get(Number(edit.after));
      return number === undefined
        ? t.t("cases.edit_linked_gone", { editor })
        : t.t("cases.edit_linked", { editor, number });
    }
    case "expiresAt":
      return edit.after === null
        ? t.t("cases.edit_expiry_removed", { editor })
        : t.t("cases.edit_expiry_set", { editor, when: discordTime(new Date(edit.after), "f") });
    case "note":
      return t.t("cases.edit_note", { editor, note: shortReason(t, edit.note, 150) });
    case "evidence":
      return t.t("cases.edit_evidence", { editor, what: shortReason(t, edit.after, 100) });
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
export function historyEmbed(
  t: Translator,
  edits: readonly CaseEdit[],
  numbers: ReadonlyMap<number, number>,
): APIEmbed {
  const title = t.t("cases.history_title");
  if (edits.length === 0) return { title, description: t.t("cases.history_unedited") };
  const shown = edits.slice(-SHOWN_EDITS);
  const lines = shown.map((edit) => `${discordTime(edit.editedAt, "f")} ${change(t, edit, numbers)}`);
  const hidden = edits.length - shown.length;
  if (hidden > 0) lines.unshift(t.t("cases.history_hidden", { count: hidden }));
  return { title, description: lines.join("\n") };
}
