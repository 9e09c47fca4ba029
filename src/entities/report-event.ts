import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from "typeorm";
import type { Report, ReportStatus } from "./report";

/** One change of a report's status: who made it, when, and why. */
@Entity({ name: "report_events" })
@Index("ix_report_events_report", ["reportId", "id"])
export class ReportEvent {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ name: "report_id", type: "integer" })
  reportId!: number;

  @ManyToOne("Report", { onDelete: "CASCADE" })
  @JoinColumn({ name: "report_id" })
  report?: Report;

  @Column({ name: "actor_id", type: "bigint" })
  actorId!: string;

  @Column({ type: "varchar", length: 16 })
  status!: ReportStatus;

  @Column({ type: "varchar", length: 500, nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
