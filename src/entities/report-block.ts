import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** A member the moderators have barred from reporting. */
@Entity({ name: "report_blocks" })
export class ReportBlock {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  guildId!: string;

  @PrimaryColumn({ name: "user_id", type: "bigint" })
  userId!: string;

  @Column({ name: "blocked_by", type: "bigint" })
  blockedBy!: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
