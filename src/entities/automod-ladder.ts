import { IsInt, Max, Min } from "class-validator";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";

/**
 * A guild's automod escalation: `warns` Warn cases by Warden's automod within `windowSeconds` turn the
 * last one into a timeout of `timeoutSeconds`. No row: no escalation.
 */
@Entity({ name: "automod_ladders" })
export class AutomodLadder {
  @PrimaryColumn({ name: "guild_id", type: "bigint" })
  guildId!: string;

  @Column({ type: "integer" })
  @IsInt()
  @Min(2)
  @Max(50)
  warns!: number;

  @Column({ name: "window_seconds", type: "integer" })
  @IsInt()
  @Min(60)
  @Max(2_592_000)
  windowSeconds!: number;

  @Column({ name: "timeout_seconds", type: "integer" })
  @IsInt()
  @Min(60)
  @Max(2_419_200)
  timeoutSeconds!: number;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}
