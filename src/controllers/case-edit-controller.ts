import { inject, injectable } from "tsyringe";
import { DatabaseService } from "../database/database-service";
import { CaseEdit } from "../entities";
import { BaseController } from "./base-controller";

/** The edit history of cases; written by CaseController inside the same transaction as the edit. */
@injectable()
export class CaseEditController extends BaseController<CaseEdit> {
  constructor(@inject(DatabaseService) db: DatabaseService) {
    super(db, CaseEdit);
  }

  forCase(caseId: number): Promise<CaseEdit[]> {
    return this.findMany({ where: { caseId }, order: { id: "ASC" } });
  }
}
