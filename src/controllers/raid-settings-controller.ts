import { inject } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { RaidSettings, type RaidAction } from "../entities/raid-settings";
import { service } from "../service";
import { BaseController } from "./base-controller";

export interface RaidSettingsInput {
  joins: number;
  seconds: number;
  action: RaidAction;
  quietSeconds: number;
  timeoutSeconds: number;
  maxSeconds: number;
}

/** A guild's raid detection (`/raid config`); none: detection is off. */
@service()
export class RaidSettingsController extends BaseController<RaidSettings> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, RaidSettings);
  }

  get(guildId: string): Promise<RaidSettings | null> {
    return this.findOne({ where: { guildId } });
  }

  async set(guildId: string, input: RaidSettingsInput): Promise<RaidSettings> {
    const [stored] = await this.upsert({ guildId, ...input }, ["guildId"]);
    if (!stored) throw new Error("upsert returned no row");
    return stored;
  }
}
