import { IsIn, IsOptional, Matches, MaxLength } from "class-validator";
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from "typeorm";
import type { Appeal } from "./appeal";
import { MAX_DECISION_LENGTH } from "./appeal";
import { SNOWFLAKE } from "./snowflake";

export const APPEAL_EVENT_KINDS = ["submitted", "accepted", "rejected", "reopened"] as const;
export type AppealEventKind = (typeof APPEAL_EVENT_KINDS)[number];

/** One step in an appeal's history: sent, accepted, rejected, or reopened when its unban was refused. */
@Entity({ name: "appeal_events" })
@Index("ix_appeal_events_appeal", ["appealId", "id"])
export class AppealEvent {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "appeal_id", type: "integer" })
  appealId!: number;

  @ManyToOne("Appeal", { onDelete: "CASCADE" })
  @JoinColumn({ name: "appeal_id" })
  appeal?: Appeal;

  @Column({ type: "varchar", length: 16 })
  @IsIn(APPEAL_EVENT_KINDS)
  kind!: AppealEventKind;

  @Column({ name: "actor_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  actorId!: string;

  @Column({ type: "varchar", length: MAX_DECISION_LENGTH, nullable: true })
  @IsOptional()
  @MaxLength(MAX_DECISION_LENGTH)
  note!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
