import { IsIn, IsInt, IsOptional, Matches, MaxLength, Min } from "class-validator";
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from "typeorm";
import type { Case } from "./case";
import { SNOWFLAKE } from "./snowflake";

export const EVIDENCE_KINDS = ["file", "link"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const MAX_EVIDENCE_URL_LENGTH = 2048;
export const MAX_EVIDENCE_NAME_LENGTH = 256;

/**
 * A file or message link kept with a case. A file is kept as Discord's attachment URL with its name, size and
 * the SHA-256 of the bytes Warden downloaded when it was added, so a changed file can be told apart.
 */
@Entity({ name: "case_evidence" })
@Index("ix_case_evidence_case", ["caseId", "id"])
export class CaseEvidence {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "case_id", type: "integer" })
  caseId!: number;

  @ManyToOne("Case", { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_id" })
  case?: Case;

  @Column({ type: "varchar", length: 8 })
  @IsIn(EVIDENCE_KINDS)
  kind!: EvidenceKind;

  @Column({ type: "varchar", length: MAX_EVIDENCE_URL_LENGTH })
  @MaxLength(MAX_EVIDENCE_URL_LENGTH)
  url!: string;

  @Column({ name: "file_name", type: "varchar", length: MAX_EVIDENCE_NAME_LENGTH, nullable: true })
  @IsOptional()
  @MaxLength(MAX_EVIDENCE_NAME_LENGTH)
  fileName!: string | null;

  @Column({ name: "size_bytes", type: "integer", nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  sizeBytes!: number | null;

  @Column({ type: "char", length: 64, nullable: true })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  sha256!: string | null;

  @Column({ name: "added_by", type: "bigint" })
  @Matches(SNOWFLAKE)
  addedBy!: string;

  @CreateDateColumn({ name: "added_at", type: "timestamptz" })
  addedAt!: Date;
}
