import { IsInt, Matches, Min } from "class-validator";
import { Column, CreateDateColumn, Entity, OneToMany, OneToOne, PrimaryColumn } from "typeorm";
import type { Case } from "./case";
import type { GuildConfig } from "./guild-config";
import { SNOWFLAKE } from "./snowflake";

@Entity({ name: "guilds" })
export class Guild {
  @PrimaryColumn({ type: "bigint" })
  @Matches(SNOWFLAKE)
  id!: string;

  @CreateDateColumn({ name: "joined_at", type: "timestamptz" })
  joinedAt!: Date;

  @Column({ name: "left_at", type: "timestamptz", nullable: true })
  leftAt!: Date | null;

  /** The number of the guild's latest case; the next case takes this plus one, under a row lock. */
  @Column({ name: "case_counter", type: "integer", default: 0 })
  @IsInt()
  @Min(0)
  caseCounter!: number;

  @OneToOne("GuildConfig", (config: GuildConfig) => config.guild)
  config?: GuildConfig;

  @OneToMany("Case", (moderationCase: Case) => moderationCase.guild)
  cases?: Case[];
}
