import type { CogClass } from "../bot/cog";
import { ActivityCog } from "./activity/activity-cog";
import { AutomodCog } from "./automod/automod-cog";
import { CasesCog } from "./cases/cases-cog";
import { ChannelsCog } from "./channels/channels-cog";
import { ConfigCog } from "./config/config-cog";
import { CoreCog } from "./core/core-cog";
import { EconomyCog } from "./economy/economy-cog";
import { GroupsCog } from "./groups/groups-cog";
import { InvitesCog } from "./invites/invites-cog";
import { LogsCog } from "./logs/logs-cog";
import { MenusCog } from "./menus/menus-cog";
import { ModerationCog } from "./moderation/moderation-cog";
import { DbCog } from "./ops/db-cog";
import { OpsCog } from "./ops/ops-cog";
import { ProfileCog } from "./profile/profile-cog";
import { QuotesCog } from "./quotes/quotes-cog";
import { RaidCog } from "./raid/raid-cog";
import { ReportsCog } from "./reports/reports-cog";
import { RestrictionsCog } from "./restrictions/restrictions-cog";
import { StatsCog } from "./stats/stats-cog";
import { TagsCog } from "./tags/tags-cog";
import { VariablesCog } from "./variables/variables-cog";
import { AppealsCog } from "./appeals/appeals-cog";

/** Every cog Warden loads, in load order. */
export const COGS: readonly CogClass[] = [
  CoreCog,
  ModerationCog,
  RestrictionsCog,
  ConfigCog,
  CasesCog,
  ChannelsCog,
  MenusCog,
  ActivityCog,
  ProfileCog,
  EconomyCog,
  VariablesCog,
  GroupsCog,
  TagsCog,
  QuotesCog,
  StatsCog,
  InvitesCog,
  OpsCog,
  DbCog,
  RaidCog,
  AppealsCog,
  ReportsCog,
  LogsCog,
  AutomodCog,
];
