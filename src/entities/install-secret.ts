import { Length, Matches } from "class-validator";
import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/**
 * A secret made once per installation and shared by every process on the database, e.g. the key that
 * signs component custom ids. Never shown to anyone; kept in backups so a restore keeps buttons working.
 */
@Entity({ name: "install_secrets" })
export class InstallSecret {
  @PrimaryColumn({ type: "varchar", length: 64 })
  @Matches(/^[a-z][a-z0-9-]*$/)
  name!: string;

  /** base64url of random bytes. */
  @Column({ type: "text" })
  @Length(22, 200)
  value!: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}
