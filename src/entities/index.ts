import { AutomodLadder } from "./automod-ladder";
import { AutomodRule } from "./automod-rule";
import { Case } from "./case";
import { CaseEdit } from "./case-edit";
import { CaseEvidence } from "./case-evidence";
import { ChannelRestore } from "./channel-restore";
import { Report } from "./report";
import { ReportBlock } from "./report-block";
import { ReportEvent } from "./report-event";
import { ReportSetting } from "./report-setting";
import { Cooldown } from "./cooldown";
import { GroupMember } from "./group-member";
import { Guild } from "./guild";
import { GuildConfig } from "./guild-config";
import { GuildEvent } from "./guild-event";
import { DashboardSession } from "./dashboard-session";
import { InstallSecret } from "./install-secret";
import { LedgerEntry } from "./ledger-entry";
import { MemberActivity } from "./member-activity";
import { MemberActivityHour } from "./member-activity-hour";
import { MemberBalance } from "./member-balance";
import { MemberGroup } from "./member-group";
import { MemberJoin } from "./member-join";
import { MemberRoleHolding } from "./member-role-holding";
import { MessageLogEntry } from "./message-log-entry";
import { ProcessBoot } from "./process-boot";
import { Quote } from "./quote";
import { Restriction } from "./restriction";
import { Tag } from "./tag";
import { UsageDaily } from "./usage-daily";
import { UsageEvent } from "./usage-event";
import { UsageHourly } from "./usage-hourly";
import { UsageTotal } from "./usage-total";
import { UsageWindow, UsageWindowMark } from "./usage-window";
import { User } from "./user";
import { UserIdentity } from "./user-identity";
import { UserPreference } from "./user-preference";
import { Variable } from "./variable";
import { Raid } from "./raid";
import { RaidSettings } from "./raid-settings";
import { Appeal } from "./appeal";
import { AppealEvent } from "./appeal-event";
import { AppealSettings } from "./appeal-settings";
import { LogChannel } from "./log-channel";
import { LogOutboxItem } from "./log-outbox-item";

export {
  Appeal,
  AppealEvent,
  AppealSettings,
  AutomodLadder,
  AutomodRule,
  Case,
  CaseEdit,
  CaseEvidence,
  ChannelRestore,
  DashboardSession,
  Report,
  ReportEvent,
  ReportSetting,
  ReportBlock,
  Cooldown,
  GroupMember,
  Guild,
  GuildConfig,
  GuildEvent,
  InstallSecret,
  LedgerEntry,
  MemberActivity,
  MemberActivityHour,
  MemberBalance,
  MemberGroup,
  MemberJoin,
  MemberRoleHolding,
  MessageLogEntry,
  ProcessBoot,
  Quote,
  Restriction,
  Tag,
  UsageDaily,
  UsageEvent,
  UsageTotal,
  UsageHourly,
  UsageWindow,
  UsageWindowMark,
  User,
  UserIdentity,
  UserPreference,
  Variable,
  Raid,
  RaidSettings,
};
export { CaseType } from "./case-type";
export { LogChannel, LogOutboxItem };
export { LOG_CATEGORIES, type LogCategory } from "./log-channel";

/** Every entity, in one list for the DataSource. */
export const ENTITIES = [
  Guild,
  GuildConfig,
  User,
  UserIdentity,
  Case,
  CaseEdit,
  CaseEvidence,
  MemberBalance,
  LedgerEntry,
  Variable,
  Cooldown,
  MemberGroup,
  GroupMember,
  Tag,
  MemberActivity,
  MemberActivityHour,
  MessageLogEntry,
  GuildEvent,
  UserPreference,
  UsageEvent,
  UsageDaily,
  UsageTotal,
  UsageHourly,
  UsageWindow,
  UsageWindowMark,
  MemberJoin,
  ProcessBoot,
  InstallSecret,
  Quote,
  Restriction,
  MemberRoleHolding,
  ChannelRestore,
  RaidSettings,
  Raid,
  AppealSettings,
  Appeal,
  AppealEvent,
  Report,
  ReportEvent,
  ReportSetting,
  ReportBlock,
  LogChannel,
  LogOutboxItem,
  AutomodRule,
  AutomodLadder,
  DashboardSession,
];
