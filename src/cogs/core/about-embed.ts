import type { APIEmbed } from "discord.js";
import type { DatabaseHealth } from "../../database/lifecycle";
import { migrationLabel, type SchemaVersion } from "../../database/schema-version";
import type { Translator } from "../../i18n/translator";
import { uptimeText } from "./uptime";

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

function schemaText(t: Translator, schema: SchemaVersion | null | undefined): string {
  if (schema === undefined) return t.t("core.schema_unknown");
  return schema === null ? t.t("core.schema_none") : migrationLabel(schema);
}

function databaseLine(t: Translator, facts: AboutFacts): string {
  const kind = facts.embeddedDatabase ? "embedded" : "external";
  const status = t.t("core.database_status", { status: facts.database.status });
  if (facts.database.ok) {
    return t.t("core.database_up", { kind, status, ms: Math.round(facts.database.latencyMs ?? 0) });
  }
  return facts.database.status === "RUNNING"
    ? t.t("core.database_down", { kind })
    : t.t("core.database_down_status", { kind, status });
}

export function aboutEmbed(t: Translator, facts: AboutFacts): APIEmbed {
  const latency =
    facts.gatewayPingMs >= 0
      ? t.t("core.latency_ms", { ms: facts.gatewayPingMs })
      : t.t("core.latency_measuring");
  return {
    title: "Warden",
    description: t.t("core.about_description"),
    fields: [
      { name: t.t("core.about_version"), value: facts.version, inline: true },
      { name: t.t("core.about_schema"), value: schemaText(t, facts.schema), inline: true },
      { name: t.t("core.about_uptime"), value: uptimeText(t.locale, facts.uptimeMs), inline: true },
      {
        name: t.t("core.about_shard"),
        value: t.t("core.shard", { shard: facts.shardId + 1, count: facts.shardCount }),
        inline: true,
      },
      { name: t.t("core.about_gateway"), value: latency, inline: true },
      { name: t.t("core.about_database"), value: databaseLine(t, facts), inline: false },
    ],
  };
}
