import { Matches } from "class-validator";
import { Column, Entity, PrimaryColumn } from "typeorm";
import { SNOWFLAKE } from "./snowflake";

/** Message count and last-seen of a member, written in batches from memory (never once per message). */
@Entity({ name: "member_activity" })
export class MemberActivity {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  guildId!: string;

  @PrimaryColumn({ name: "user_id", type: "bigint" })
  @Matches(SNOWFLAKE)
  userId!: string;

  @Column({ name: "message_count", type: "bigint", default: 0 })
  messageCount!: string;

  @Column({ name: "last_seen_at", type: "timestamptz" })
  lastSeenAt!: Date;
}
