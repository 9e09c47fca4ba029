import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from "class-validator";
import { MAX_REASON_LENGTH } from "../../entities/case";
import { rule } from "../../validation";

export const MAX_LINK_LENGTH = 200;

const IsCaseNumber = (): PropertyDecorator => (target, property) => {
  IsInt({ message: rule("validation.not_whole") })(target, property);
  Min(1, { message: rule("validation.whole_from_one") })(target, property);
};

const IsReason = (): PropertyDecorator => (target, property) => {
  IsString()(target, property);
  Matches(/\S/, { message: rule("validation.blank") })(target, property);
  MaxLength(MAX_REASON_LENGTH, {
    message: rule("validation.too_many_chars", { max: MAX_REASON_LENGTH }),
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

/** `/case note`. */
export class CaseNoteArgs {
  @IsCaseNumber() number!: number;
  @IsReason() text!: string;
}

/** `/case evidence` (the attachment, when given, is checked by the handler: it is not a plain value). */
export class CaseEvidenceArgs {
  @IsCaseNumber() number!: number;
  @IsOptional() @IsString() @MaxLength(MAX_LINK_LENGTH) link?: string;
}
