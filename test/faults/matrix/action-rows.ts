import { COMMUNITY_ROWS } from "./community-rows";
import { MODERATION_ROWS } from "./moderation-rows";
import type { ActionRow } from "./rows";

/** Every command that writes or asks Discord to act: a new one joins the matrix by adding its row. */
export const ACTION_ROWS: readonly ActionRow[] = [...MODERATION_ROWS, ...COMMUNITY_ROWS];
