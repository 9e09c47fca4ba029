import { StatsCommand } from "../../cogs/stats/definitions";

/**
 * What `/stats` asks for (Manage Server, or a moderator role): the statistics page shows the same figures,
 * so it lets in whoever `/stats` lets in, not every moderator.
 */
export const STATS_PERMISSIONS = BigInt(StatsCommand.default_member_permissions);
