import { inject, injectable } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { UserIdentity } from "../entities";
import { BaseController } from "./base-controller";

/** Platform accounts; used through UserController, which owns the user aggregate's rules. */
@injectable()
export class UserIdentityController extends BaseController<UserIdentity> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, UserIdentity);
  }

  find(platform: string, platformUserId: string): Promise<UserIdentity | null> {
    return this.findOne({ where: { platform, platformUserId }, relations: { user: true } });
  }
}
