export { DiscordSimulator, type SimulatorOptions } from "./simulator";
export { SimGuild, type SimBan } from "./world/guild";
export type { PopulationSpec } from "./world/populate";
export type { SimUpload } from "./world/cdn";
export type { AutoModTrigger, SimAutoModRule } from "./world/automod";
export type { PastMessage } from "./world/history";
export type { InteractionHandle, CallbackRecord, SimMessageData } from "./interactions/sim-interaction";
export { RequestLog } from "./rest/request-log";
export { FaultInjector } from "./rest/faults";
export { generateSnowflake, guildIdForShard, shardOf } from "./core/snowflake";
export type {
  Clock,
  CommandInput,
  ComponentInput,
  FaultRule,
  MenuInput,
  ModalSubmitInput,
  DmCommandInput,
  DmComponentInput,
  DmModalSubmitInput,
  RecordedRequest,
  SessionInfo,
  SimAttachment,
  SimAuditEntry,
  SimChannel,
  SimComponents,
  SimDmChannel,
  SimMember,
  SimMessage,
  SimPermissionOverwrite,
  SimRole,
  SimUser,
} from "./types";
