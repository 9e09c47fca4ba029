import { CaseType } from "../../entities";
import type { MessageId } from "../../i18n/resources";
import type { Translator } from "../../i18n/translator";

const NAMES = {
  [CaseType.Warn]: "cases.type_warn",
  [CaseType.Note]: "cases.type_note",
  [CaseType.Timeout]: "cases.type_timeout",
  [CaseType.Untimeout]: "cases.type_untimeout",
  [CaseType.Kick]: "cases.type_kick",
  [CaseType.Ban]: "cases.type_ban",
  [CaseType.Unban]: "cases.type_unban",
  [CaseType.Softban]: "cases.type_softban",
  [CaseType.Restrict]: "cases.type_restrict",
  [CaseType.Unrestrict]: "cases.type_unrestrict",
} as const satisfies Record<CaseType, MessageId>;

/** What a kind of case is called in the reader's language: "Warning", "Verwarnung", "Advertencia". */
export function caseTypeName(t: Translator, type: CaseType): string {
  return t.t(NAMES[type]);
}
