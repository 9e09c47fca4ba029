import { IsOptional, IsString, MaxLength } from "class-validator";
import { MAX_REASON_LENGTH } from "../../entities/case";
import { rule } from "../../validation";

/** A tempban lasts at most a year; past that it is a ban. */
export const MAX_TEMPBAN_MS = 365 * 24 * 60 * 60 * 1000;
const reasonMessage = rule("validation.too_many_chars", { max: MAX_REASON_LENGTH });

export class ReasonArgs {
  @IsOptional() @IsString() @MaxLength(MAX_REASON_LENGTH, { message: reasonMessage }) reason?: string;
}

export class NoteArgs {
  @IsString() @MaxLength(MAX_REASON_LENGTH, { message: reasonMessage }) note!: string;
}
