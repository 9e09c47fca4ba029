import { Column, Entity, PrimaryColumn } from "typeorm";

/** A guild's reports settings: where the queue is posted (none: /report says reports are not set up). */
@Entity({ name: "report_settings" })
export class ReportSetting {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  guildId!: string;

  @Column({ name: "channel_id", type: "bigint", nullable: true })
  channelId!: string | null;
}
