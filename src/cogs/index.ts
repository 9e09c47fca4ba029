import type { CogClass } from "../bot/cog";
import { CasesCog } from "./cases/cases-cog";
import { ConfigCog } from "./config/config-cog";
import { CoreCog } from "./core/core-cog";
import { ModerationCog } from "./moderation/moderation-cog";

/** Every cog Warden loads, in load order. */
export const COGS: readonly CogClass[] = [CoreCog, ModerationCog, ConfigCog, CasesCog];
