import { inject } from "tsyringe";
import { service } from "../service";
import { DatabaseService } from "../database/database-service";
import { CaseEdit } from "../entities";
import { BaseController } from "./base-controller";

/** The edit history of cases; written by CaseController inside the same transaction as the edit. */
@service()
export class CaseEditController extends BaseController<CaseEdit> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, CaseEdit);
  }

  forCase(caseId: number): Promise<CaseEdit[]> {
    return this.findMany({ where: { caseId }, order: { id: "ASC" } });
  }
}
