import { IsIn, Matches } from "class-validator";
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

/** `note` and `evidence` add to the case's history without changing the case (the note's text in `note`). */
export const CASE_EDIT_FIELDS = ["reason", "voided", "refCaseId", "expiresAt", "note", "evidence"] as const;
export type CaseEditField = (typeof CASE_EDIT_FIELDS)[number];

/** One change to a case: who changed which field, when, and its value before and after. */
@Entity({ name: "case_edits" })
@Index("ix_case_edits_case", ["caseId", "id"])
/** GIN over to_tsvector('simple', note) of notes, made by hand in its migration: the dashboard's text search. */
@Index("ix_case_edits_note_search", { synchronize: false })
export class CaseEdit {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "case_id", type: "integer" })
  caseId!: number;

  @ManyToOne("Case", (moderationCase: Case) => moderationCase.edits, { onDelete: "CASCADE" })
  @JoinColumn({ name: "case_id" })
  case?: Case;

  @Column({ name: "editor_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  editorId!: string;

  @Column({ type: "varchar", length: 32 })
  @IsIn(CASE_EDIT_FIELDS)
  field!: CaseEditField;

  @Column({ type: "text", nullable: true })
  before!: string | null;

  @Column({ type: "text", nullable: true })
  after!: string | null;

  /** Why the change was made, when the editor said (e.g. the reason for deleting a case). */
  @Column({ type: "text", nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: "edited_at", type: "timestamptz" })
  editedAt!: Date;
}
