import { Case } from "./case";
import { CaseEdit } from "./case-edit";
import { Guild } from "./guild";
import { GuildConfig } from "./guild-config";
import { User } from "./user";
import { UserIdentity } from "./user-identity";

export { Case, CaseEdit, Guild, GuildConfig, User, UserIdentity };
export { CaseType } from "./case-type";

/** Every entity, in one list for the DataSource. */
export const ENTITIES = [Guild, GuildConfig, User, UserIdentity, Case, CaseEdit];
