import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { UserIdentity } from "../entities";
import { BaseController } from "./base-controller";

/** Platform accounts; used through UserController, which owns the user aggregate's rules. */
@service()
export class UserIdentityController extends BaseController<UserIdentity> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, UserIdentity);
  }

  find(platform: string, platformUserId: string): Promise<UserIdentity | null> {
    return this.findOne({ where: { platform, platformUserId }, relations: { user: true } });
  }
}
