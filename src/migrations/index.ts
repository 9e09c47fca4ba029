import type { MigrationInterface } from "typeorm";
import { Initial1795684482440 } from "./1795684482440-Initial";
import { UserLastSeenIndex1795684777845 } from "./1795684777845-UserLastSeenIndex";
import { ModerationState1795689383202 } from "./1795689383202-ModerationState";
import { CaseEditNote1795689954297 } from "./1795689954297-CaseEditNote";
import { CommunityFeatures1795691489731 } from "./1795691489731-CommunityFeatures";
import { Operations1795693175458 } from "./1795693175458-Operations";
import { TagGroupNoAction1796124135053 } from "./1796124135053-TagGroupNoAction";
import { CaseSettlement1796124272293 } from "./1796124272293-CaseSettlement";
import { SessionBoots1796124373497 } from "./1796124373497-SessionBoots";
import { InstallSecrets1796126429310 } from "./1796126429310-InstallSecrets";
import { ActivityHours1796134648446 } from "./1796134648446-ActivityHours";
import { UserPreferenceLanguage1796134650327 } from "./1796134650327-UserPreferenceLanguage";
import { UsageLocale1796135197463 } from "./1796135197463-UsageLocale";
import { Quotes1796137157309 } from "./1796137157309-Quotes";
import { UsageRollups1796143422761 } from "./1796143422761-UsageRollups";
import { StatsIndexes1796143994283 } from "./1796143994283-StatsIndexes";
import { CaseTargetName1796151812314 } from "./1796151812314-CaseTargetName";
import { OutsideActionCases1796151866120 } from "./1796151866120-OutsideActionCases";
import { Restrictions1796151913255 } from "./1796151913255-Restrictions";
import { CaseEvidence1796152289255 } from "./1796152289255-CaseEvidence";
import { ChannelRestores1796152289769 } from "./1796152289769-ChannelRestores";
import { RolePersistence1796152770086 } from "./1796152770086-RolePersistence";
import { UsageDailyReadIndex1796158003383 } from "./1796158003383-UsageDailyReadIndex";
import { UsageLatencyBuckets1796162090419 } from "./1796162090419-UsageLatencyBuckets";
import { ChannelRestoreOrigin1796162111622 } from "./1796162111622-ChannelRestoreOrigin";
import { ServerLogs1796170705271 } from "./1796170705271-ServerLogs";
import { RaidMode1796170707866 } from "./1796170707866-RaidMode";
import { MemberReports1796170736704 } from "./1796170736704-MemberReports";
import { AutomodRules1796170751697 } from "./1796170751697-AutomodRules";
import { Appeals1796170783541 } from "./1796170783541-Appeals";
import { RaidLimitsAndAlerts1796183376976 } from "./1796183376976-RaidLimitsAndAlerts";
import { DashboardSessions1796183773712 } from "./1796183773712-DashboardSessions";
import { AppealPostRetries1796184002650 } from "./1796184002650-AppealPostRetries";
import { DashboardQueues1796194214029 } from "./1796194214029-DashboardQueues";
import { ProcessHeartbeat1796194797846 } from "./1796194797846-ProcessHeartbeat";
import { CasesGuildCreated1796196109813 } from "./1796196109813-CasesGuildCreated";
import { CaseNumberAtCommit1796262000000 } from "./1796262000000-CaseNumberAtCommit";
import { CaseNumberingPinned1796290000000 } from "./1796290000000-CaseNumberingPinned";
import { UsageWindows1796314671784 } from "./1796314671784-UsageWindows";
import { UsageWindowsUpToMark1796336000000 } from "./1796336000000-UsageWindowsUpToMark";

/** Every migration, oldest first. `npm run migration:generate -- Name` appends to this list. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Initial1795684482440,
  UserLastSeenIndex1795684777845,
  ModerationState1795689383202,
  CaseEditNote1795689954297,
  CommunityFeatures1795691489731,
  Operations1795693175458,
  TagGroupNoAction1796124135053,
  CaseSettlement1796124272293,
  SessionBoots1796124373497,
  InstallSecrets1796126429310,
  ActivityHours1796134648446,
  UserPreferenceLanguage1796134650327,
  UsageLocale1796135197463,
  Quotes1796137157309,
  UsageRollups1796143422761,
  StatsIndexes1796143994283,
  CaseTargetName1796151812314,
  OutsideActionCases1796151866120,
  Restrictions1796151913255,
  CaseEvidence1796152289255,
  ChannelRestores1796152289769,
  RolePersistence1796152770086,
  UsageDailyReadIndex1796158003383,
  UsageLatencyBuckets1796162090419,
  ChannelRestoreOrigin1796162111622,
  ServerLogs1796170705271,
  RaidMode1796170707866,
  MemberReports1796170736704,
  AutomodRules1796170751697,
  Appeals1796170783541,
  RaidLimitsAndAlerts1796183376976,
  DashboardSessions1796183773712,
  AppealPostRetries1796184002650,
  DashboardQueues1796194214029,
  ProcessHeartbeat1796194797846,
  CasesGuildCreated1796196109813,
  CaseNumberAtCommit1796262000000,
  CaseNumberingPinned1796290000000,
  UsageWindows1796314671784,
  UsageWindowsUpToMark1796336000000,
];
