import { IsInt, IsOptional, IsUUID, MaxLength } from "class-validator";
import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/**
 * One run of a Warden process, alive while its lease is renewed. Session variables belong to the run that
 * set them and are deleted with its row (a clean stop, or any process finding the lease expired).
 */
@Entity({ name: "process_boots" })
export class ProcessBoot {
  @PrimaryColumn({ type: "uuid" })
  @IsUUID()
  id!: string;

  /** Where it runs, for operators reading the table. */
  @Column({ type: "varchar", length: 255 })
  @MaxLength(255)
  host!: string;

  @Column({ type: "integer" })
  @IsInt()
  pid!: number;

  @CreateDateColumn({ name: "started_at", type: "timestamptz" })
  startedAt!: Date;

  /** Renewed by the run's heartbeat; once it has passed, the run counts as dead. */
  @Column({ name: "lease_until", type: "timestamptz" })
  leaseUntil!: Date;

  /** The last heartbeat, for operators spotting a stuck process before its lease lapses. */
  @Column({ name: "last_seen_at", type: "timestamptz", default: () => "now()" })
  lastSeenAt!: Date;

  /** The gateway shards it serves; null until its client knows them. */
  @Column({ name: "shard_ids", type: "integer", array: true, nullable: true })
  @IsOptional()
  @IsInt({ each: true })
  shardIds!: number[] | null;

  /** Warden's version in that process. */
  @Column({ type: "varchar", length: 64, default: "" })
  @MaxLength(64)
  version!: string;

  /** The newest migration that process's code knows: an older one than the database's is an outdated pod. */
  @Column({ name: "schema_version", type: "varchar", length: 255, nullable: true })
  @IsOptional()
  @MaxLength(255)
  schemaVersion!: string | null;
}
