/** Type tests (checked by `npm run typecheck`): message identifiers are the English keys, nothing else. */
import type { MessageId } from "../../src/i18n/resources";

export const known: MessageId = "errors.incident";
// @ts-expect-error an identifier no English file defines
export const unknown: MessageId = "errors.no_such_message";
