import { IsNotEmpty, IsOptional, MaxLength } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import type { UserIdentity } from "./user-identity";

/** A person, across platforms: Discord and any other platform identity linked to them. */
@Entity({ name: "users" })
export class User {
  @PrimaryGeneratedColumn("identity", { type: "integer", generatedIdentity: "ALWAYS" })
  id!: number;

  @Column({ type: "varchar", length: 100 })
  @IsNotEmpty()
  @MaxLength(100)
  username!: string;

  @Column({ name: "display_name", type: "varchar", length: 100, nullable: true })
  @IsOptional()
  @MaxLength(100)
  displayName!: string | null;

  @CreateDateColumn({ name: "first_seen_at", type: "timestamptz" })
  firstSeenAt!: Date;

  @Index("ix_users_last_seen")
  @Column({ name: "last_seen_at", type: "timestamptz", default: () => "now()" })
  lastSeenAt!: Date;

  @OneToMany("UserIdentity", (identity: UserIdentity) => identity.user)
  identities?: UserIdentity[];
}
