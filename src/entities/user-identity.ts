import { rule } from "../validation";
import { IsBoolean, IsNotEmpty, Matches, MaxLength } from "class-validator";
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import type { User } from "./user";

/** One account on one platform ("discord", "twitch", …), belonging to one user. */
@Entity({ name: "user_identities" })
@Index("uq_user_identities_one_primary", ["userId"], { unique: true, where: "is_primary" })
export class UserIdentity {
  @PrimaryColumn({ type: "varchar", length: 32 })
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: rule("validation.platform_name") })
  platform!: string;

  @PrimaryColumn({ name: "platform_user_id", type: "varchar", length: 64 })
  @IsNotEmpty()
  @MaxLength(64)
  platformUserId!: string;

  @Index("ix_user_identities_user")
  @Column({ name: "user_id", type: "integer" })
  userId!: number;

  @ManyToOne("User", (user: User) => user.identities, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id" })
  user?: User;

  @Column({ name: "platform_username", type: "varchar", length: 100 })
  @IsNotEmpty()
  @MaxLength(100)
  platformUsername!: string;

  @Column({ name: "is_primary", type: "boolean", default: false })
  @IsBoolean()
  isPrimary!: boolean;

  @CreateDateColumn({ name: "linked_at", type: "timestamptz" })
  linkedAt!: Date;
}
