import { randomBytes } from "node:crypto";
import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { InstallSecret } from "../entities";
import { BaseController } from "./base-controller";

/** Per-installation secrets: made by whichever process asks first, the same for every process after. */
@service()
export class InstallSecretController extends BaseController<InstallSecret> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, InstallSecret);
  }

  /** The named secret as bytes, created (32 random bytes) if this installation has none yet. */
  async secret(name: string): Promise<Buffer> {
    const fresh = randomBytes(32).toString("base64url");
    const { entity } = await this.getOrCreate({ name }, { value: fresh });
    return Buffer.from(entity.value, "base64url");
  }
}
