import type { APIEmbed } from "discord.js";
import { formatDuration } from "../../bot/duration";
import type { DatabaseHealth } from "../../database/lifecycle";
import { migrationLabel, type SchemaVersion } from "../../database/schema-version";

export interface AboutFacts {
  version: string;
  uptimeMs: number;
  shardId: number;
  shardCount: number;
  gatewayPingMs: number;
  database: DatabaseHealth;
  /** Undefined when it could not be read (the database is away); null when no migration was applied. */
  schema: SchemaVersion | null | undefined;
  embeddedDatabase: boolean;
}

function schemaText(schema: SchemaVersion | null | undefined): string {
  if (schema === undefined) return "unknown (database unavailable)";
  return schema === null ? "no migration applied" : migrationLabel(schema);
}

function databaseLine(facts: AboutFacts): string {
  const kind = facts.embeddedDatabase ? "embedded PostgreSQL" : "external PostgreSQL";
  if (facts.database.ok) {
    return `${kind}: ${facts.database.status.toLowerCase()}, ${Math.round(facts.database.latencyMs ?? 0)} ms`;
  }
  const status = facts.database.status.toLowerCase();
  return `${kind}: unavailable${status === "running" ? "" : ` (${status})`}`;
}

export function aboutEmbed(facts: AboutFacts): APIEmbed {
  return {
    title: "Warden",
    description: "Moderation and community tools, with a database that keeps its promises.",
    fields: [
      { name: "Version", value: facts.version, inline: true },
      { name: "Schema", value: schemaText(facts.schema), inline: true },
      { name: "Uptime", value: formatDuration(facts.uptimeMs), inline: true },
      { name: "Shard", value: `${facts.shardId + 1} of ${facts.shardCount}`, inline: true },
      {
        name: "Gateway latency",
        value: facts.gatewayPingMs >= 0 ? `${facts.gatewayPingMs} ms` : "measuring",
        inline: true,
      },
      { name: "Database", value: databaseLine(facts), inline: false },
    ],
  };
}
