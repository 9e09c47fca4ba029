import { IsInt, IsString, Matches, MaxLength, Min } from "class-validator";
import { MAX_REASON_LENGTH } from "../../entities/case";

const IsCaseNumber = (): PropertyDecorator => (target, property) => {
  IsInt({ message: "must be a whole number" })(target, property);
  Min(1, { message: "must be 1 or more" })(target, property);
};

const IsReason = (): PropertyDecorator => (target, property) => {
  IsString()(target, property);
  Matches(/\S/, { message: "must not be blank" })(target, property);
  MaxLength(MAX_REASON_LENGTH, {
    message: `must be at most ${MAX_REASON_LENGTH.toLocaleString("en-US")} characters`,
  })(target, property);
};

/** `/case show`. Property names are the option names: the router validates the arguments as they come. */
export class CaseNumberArgs {
  @IsCaseNumber() number!: number;
}

/** `/case reason` and `/case delete`. */
export class CaseReasonArgs {
  @IsCaseNumber() number!: number;
  @IsReason() reason!: string;
}

/** `/case link`. */
export class CaseLinkArgs {
  @IsCaseNumber() number!: number;
  @IsCaseNumber() refers_to!: number;
}
