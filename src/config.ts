import { ConfigError } from "./errors/operator-errors";
import { plainToInstance, Transform } from "class-transformer";
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsNotEmpty,
  IsUrl,
  Matches,
  Max,
  Min,
  registerDecorator,
  validateSync,
  ValidateIf,
  type ValidationOptions,
} from "class-validator";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { redactUrl, rememberSecret, rememberUrlPassword } from "./secrets";
import { MAX_SHARDS_PER_PROCESS, parseShardIds, shardsFromHostname } from "./sharding/shard-ids";

const SHARD_COUNT_MESSAGE = "$property must be a whole number of shards, at least 1";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SNOWFLAKE = /^\d{17,20}$/;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === "string" ? ["1", "true", "yes", "on"].includes(value.trim().toLowerCase()) : value;
/** Required while the dashboard is on; checked whenever given. */
const dashboardNeeds =
  (property: keyof Config) =>
  (config: Config): boolean =>
    config.DASHBOARD_ENABLED || config[property] !== undefined;
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === "string"
    ? value
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part.length > 0)
    : value;

/**
 * Every setting Warden reads from the environment. Property names mirror the variables (see README);
 * `ENV_NAMES` maps them back so a bad value is reported under the variable the operator typed.
 */
export class Config {
  @IsOptional() @IsString() DISCORD_TOKEN?: string;
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: "$property must be an http(s) URL" })
  DISCORD_API_URL?: string;
  /**
   * Where attachments may also be downloaded from besides Discord's CDN (cdn.discordapp.com,
   * media.discordapp.net): a proxy in front of it, or the test simulator.
   */
  @IsOptional()
  @IsUrl(
    { protocols: ["http", "https"], require_protocol: true, require_tld: false },
    { message: "$property must be an http(s) URL" },
  )
  DISCORD_CDN_URL?: string;
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: "$property must be a postgres:// URL" })
  @IsDriverUrl({ message: "$property must be a well-formed URL (percent-encode special characters)" })
  DATABASE_URL?: string;
  /**
   * A direct connection to the same database when DATABASE_URL is a transaction-mode pooler (PgBouncer):
   * LISTEN, migrations, the migration lock and backups need a session of their own. Defaults to DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: "$property must be a postgres:// URL" })
  @IsDriverUrl({ message: "$property must be a well-formed URL (percent-encode special characters)" })
  DATABASE_DIRECT_URL?: string;
  /**
   * Streaming replicas of DATABASE_URL's server (comma-separated postgres:// URLs): the heavy reads
   * (statistics, rankings, exports, the dashboard's lists) go to a healthy one, everything else to the primary.
   */
  @Transform(toList)
  @IsPostgresUrlList({ message: "$property must list postgres:// URLs separated by commas" })
  DATABASE_REPLICA_URLS: string[] = [];
  /** A replica further behind the primary than this is skipped (the read goes to the primary). */
  @Transform(toInt) @IsInt() @Min(0) REPLICA_MAX_LAG_MS = 5000;
  /** How long a replica's health (reachable, lag) is trusted before it is measured again. */
  @Transform(toInt) @IsInt() @Min(50) REPLICA_CHECK_MS = 1000;
  @IsString() DATA_DIR = "./data";
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) EMBEDDED_DB_PORT = 0;
  @Transform(toInt) @IsInt() @Min(1) @Max(200) DB_POOL_MAX = 20;
  /** Once a pool is down to this many connections it stops closing idle ones (at most DB_POOL_MAX). */
  @Transform(toInt) @IsInt() @Min(0) @Max(200) DB_POOL_MIN = 4;
  /** A connection beyond DB_POOL_MIN idle this long is closed (0: never; Node's timers stop at 2^31-1 ms). */
  @Transform(toInt) @IsInt() @Min(0) @Max(2_147_483_647) DB_POOL_IDLE_MS = 600000;
  @Transform(toInt) @IsInt() @Min(100) DB_CONNECT_TIMEOUT_MS = 5000;
  @Transform(toInt) @IsInt() @Min(0) DB_STATEMENT_TIMEOUT_MS = 15000;
  @Transform(toInt) @IsInt() @Min(0) DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30000;
  @Transform(toInt) @IsInt() @Min(0) DB_SLOW_QUERY_MS = 200;
  @Transform(toInt) @IsInt() @Min(0) DB_CLOSE_TIMEOUT_MS = 10000;
  /** While the database is unreachable at start-up, the longest wait between two tries. */
  @Transform(toInt) @IsInt() @Min(100) DB_RETRY_MAX_MS = 30000;
  /** Handlers that have not answered by then are deferred (Discord's deadline is 3 s). */
  @Transform(toInt) @IsInt() @Min(100) @Max(2900) INTERACTION_DEFER_MS = 2000;
  /** How long shutdown waits for interactions in flight. */
  @Transform(toInt) @IsInt() @Min(0) SHUTDOWN_TIMEOUT_MS = 10000;
  /**
   * Ask for the privileged intents (Server Members, Message Content) for join/leave events and the message
   * log. Enable them for the application in the Discord Developer Portal first.
   */
  @Transform(toBoolean)
  @IsBoolean()
  PRIVILEGED_INTENTS = false;
  /** Serve `/healthz` and `/metrics` over HTTP on HEALTH_HOST:HEALTH_PORT (0 picks a free port). */
  @Transform(toBoolean)
  @IsBoolean()
  HEALTH_ENABLED = true;
  @IsString() HEALTH_HOST = "127.0.0.1";
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) HEALTH_PORT = 9464;
  /** How often usage statistics buffered in memory are written (and always on shutdown). */
  @Transform(toInt) @IsInt() @Min(100) USAGE_FLUSH_MS = 15000;
  /** How often the server-log outbox is posted to the log channels (events wait at most about this long). */
  @Transform(toInt) @IsInt() @Min(100) LOG_FLUSH_MS = 3000;
  /** Most server-log events kept waiting per log channel; beyond, the oldest are dropped (and counted). */
  @Transform(toInt) @IsInt() @Min(1) LOG_OUTBOX_MAX_PER_CHANNEL = 5000;
  /**
   * How long a process holds the server-log events it claimed for posting (renewed while the post is in
   * flight); a process that died holding some lets them go after this.
   */
  @Transform(toInt) @IsInt() @Min(300) LOG_LEASE_MS = 120000;
  /** Most server-log events held in memory while the database is away; beyond, the oldest are dropped. */
  @Transform(toInt) @IsInt() @Min(1) LOG_BUFFER_MAX_ITEMS = 10000;
  /** Most items each in-memory buffer holds while the database is away; beyond, the oldest are dropped. */
  @Transform(toInt) @IsInt() @Min(1) BUFFER_MAX_ITEMS = 50000;
  /**
   * A process run's lease, renewed every third of it: a run silent this long counts as dead and its session
   * variables are cleared by whichever process notices.
   */
  @Transform(toInt) @IsInt() @Min(1000) SESSION_LEASE_MS = 60000;
  /**
   * The longest a process trusts its cached guild settings (moderator roles among them): the bound on how
   * stale they get when another process's change notification is lost (its connection dropped after COMMIT).
   */
  @Transform(toInt) @IsInt() @Min(0) GUILD_CONFIG_CACHE_MS = 30000;
  /** Most concurrent HTTP connections to Discord's REST API. */
  @Transform(toInt) @IsInt() @Min(1) @Max(256) DISCORD_REST_CONNECTIONS = 32;
  /**
   * How long one REST request to Discord may take before it is abandoned (discord.js then retries it a few
   * times); discord.js's own default. Tests lower it to exercise timeouts without waiting 15 s.
   */
  @Transform(toInt) @IsInt() @Min(100) DISCORD_REST_TIMEOUT_MS = 15000;
  @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = "info";
  @Transform(toList)
  @Matches(SNOWFLAKE, { each: true, message: "$property must list Discord user ids" })
  OWNER_IDS: string[] = [];
  @IsOptional()
  @Matches(SNOWFLAKE, { message: "$property must be a Discord guild id" })
  DEV_GUILD_ID?: string;
  /** Serve the moderators' web dashboard on DASHBOARD_HOST:DASHBOARD_PORT (see README, Web dashboard). */
  @Transform(toBoolean) @IsBoolean() DASHBOARD_ENABLED = false;
  @IsString() DASHBOARD_HOST = "127.0.0.1";
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) DASHBOARD_PORT = 8080;
  /**
   * How many reverse proxies stand in front of the dashboard: the client address (for rate limits) is read
   * that many hops back in X-Forwarded-For. 0 trusts no header.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(10) DASHBOARD_TRUST_PROXY = 0;
  /** Where browsers reach the dashboard (its origin): Discord sends people back to `<it>/auth/callback`. */
  @ValidateIf(dashboardNeeds("DASHBOARD_PUBLIC_URL"))
  @Matches(/^https?:\/\/[^/?#\s]+\/?$/, {
    message: "$property must be the dashboard's origin as browsers reach it, e.g. https://warden.example.org",
  })
  DASHBOARD_PUBLIC_URL?: string;
  /** The application's OAuth2 client id (Developer Portal → OAuth2), for signing in to the dashboard. */
  @ValidateIf(dashboardNeeds("DISCORD_CLIENT_ID"))
  @Matches(SNOWFLAKE, { message: "$property must be the application's id from the Developer Portal" })
  DISCORD_CLIENT_ID?: string;
  @ValidateIf(dashboardNeeds("DISCORD_CLIENT_SECRET"))
  @IsString()
  @IsNotEmpty({ message: "$property must be the application's OAuth2 client secret" })
  DISCORD_CLIENT_SECRET?: string;
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: SHARD_COUNT_MESSAGE })
  @Min(1, { message: SHARD_COUNT_MESSAGE })
  SHARD_COUNT?: number;
  /** The shards this process runs: `0,1`, `0..3` or a mix (`0..1,3`); see src/sharding/shard-ids.ts. */
  @IsOptional()
  @Transform(({ value, obj }) => shardIdsOrText(value, (obj as Record<string, unknown>).SHARD_COUNT))
  @IsShardIds()
  SHARD_IDS?: number[];
  /**
   * Take SHARD_IDS from the host name's trailing ordinal (a StatefulSet pod `warden-2` is ordinal 2), each
   * process running SHARDS_PER_PROCESS consecutive shards. Needs SHARD_COUNT.
   */
  @Transform(toBoolean) @IsBoolean() SHARD_IDS_FROM_HOSTNAME = false;
  @Transform(toInt) @IsInt() @Min(1) @Max(MAX_SHARDS_PER_PROCESS) SHARDS_PER_PROCESS = 1;

  get dataDir(): string {
    return path.resolve(this.DATA_DIR);
  }
}

/** Settings whose value may carry a password; an error quotes them with it hidden. */
const URL_SETTINGS: ReadonlySet<string> = new Set([
  "DATABASE_URL",
  "DATABASE_DIRECT_URL",
  "DISCORD_API_URL",
  "DISCORD_CDN_URL",
]);
/** Settings never quoted at all. */
const SECRET_SETTINGS: ReadonlySet<string> = new Set(["DISCORD_TOKEN", "DISCORD_CLIENT_SECRET"]);

function quoted(property: string, value: unknown): string {
  if (value === undefined) return "nothing: it is required while DASHBOARD_ENABLED is on";
  if (SECRET_SETTINGS.has(property)) return "a value not shown here";
  if (URL_SETTINGS.has(property) && typeof value === "string") return JSON.stringify(redactUrl(value));
  return JSON.stringify(value);
}

/**
 * Reads and validates the environment. Empty strings count as unset. The token and any URL password are
 * remembered first, so that no later message or log line can show them (see secrets.ts).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  rememberSecret(env.DISCORD_TOKEN?.trim());
  rememberSecret(env.DISCORD_CLIENT_SECRET?.trim());
  for (const name of URL_SETTINGS) rememberUrlPassword(env[name]?.trim());
  for (const url of env.DATABASE_REPLICA_URLS?.split(",") ?? []) rememberUrlPassword(url.trim());
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") defined[key] = value;
  }
  const config = plainToInstance(Config, defined, { excludeExtraneousValues: false });
  const errors = validateSync(config, { forbidUnknownValues: false });
  const problems = errors.flatMap((error) => {
    const message = Object.values(error.constraints ?? {})[0] ?? "is invalid";
    if (error.property === "DATABASE_REPLICA_URLS" && Array.isArray(error.value))
      return error.value
        .filter((url) => !isPostgresUrl(url))
        .map((url) => `${message} (got ${JSON.stringify(redactUrl(String(url)))})`);
    return [`${message} (got ${quoted(error.property, error.value)})`];
  });
  // discord.js would take the number of ids listed as the total: 2..3 alone names invalid shards, and 0..1
  // alone serves every guild, beside the process that runs 2..3.
  if (Array.isArray(config.SHARD_IDS) && config.SHARD_COUNT === undefined && !env.SHARDING_MANAGER) {
    if (!errors.some((error) => error.property === "SHARD_COUNT"))
      problems.push(
        `SHARD_IDS needs SHARD_COUNT, the total number of shards across every process (got ${JSON.stringify(config.SHARD_IDS)})`,
      );
  }
  // The default keeps up to DB_POOL_MAX; a minimum asked for but impossible is a mistake worth naming.
  if (env.DB_POOL_MIN?.trim() && config.DB_POOL_MIN > config.DB_POOL_MAX)
    problems.push(
      `DB_POOL_MIN must be at most DB_POOL_MAX (got ${config.DB_POOL_MIN} and ${config.DB_POOL_MAX})`,
    );
  if (problems.length === 0 && config.SHARD_IDS_FROM_HOSTNAME) {
    const resolved = shardsFromHostname({
      hostname: env.HOSTNAME?.trim() || os.hostname(),
      shardIds: config.SHARD_IDS,
      shardCount: config.SHARD_COUNT,
      perProcess: config.SHARDS_PER_PROCESS,
    });
    if ("ids" in resolved) config.SHARD_IDS = resolved.ids;
    else problems.push(`SHARD_IDS_FROM_HOSTNAME ${resolved.problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function isPostgresUrl(value: unknown): boolean {
  return typeof value === "string" && /^postgres(ql)?:\/\/.+/.test(value) && driverParses(value);
}

/** Every element a postgres:// URL the driver accepts; a bad one is reported on a line of its own. */
function IsPostgresUrlList(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: "isPostgresUrlList",
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value) => Array.isArray(value) && value.every(isPostgresUrl) },
    });
}

function driverParses(value: string): boolean {
  try {
    new Client({ connectionString: value });
    return true;
  } catch {
    return false;
  }
}

/** The parsed ids when `value` is a valid list (so the rest of Warden sees numbers), else the text as given. */
function shardIdsOrText(value: unknown, shardCount: unknown): unknown {
  if (typeof value !== "string") return value;
  const parsed = parseShardIds(value, countOrUndefined(shardCount));
  return "ids" in parsed ? parsed.ids : value;
}

function countOrUndefined(shardCount: unknown): number | undefined {
  const count = toInt({ value: shardCount });
  return typeof count === "number" && Number.isInteger(count) && count >= 1 ? count : undefined;
}

/** SHARD_IDS parsed; a bad one is reported with what is wrong with it (see parseShardIds). */
function IsShardIds(): PropertyDecorator {
  const problem = (value: unknown, object: object): string => {
    if (Array.isArray(value)) return "";
    const count = countOrUndefined((object as Partial<Config>).SHARD_COUNT);
    const parsed = parseShardIds(typeof value === "string" ? value : "", count);
    return "problem" in parsed ? parsed.problem : "";
  };
  return (target, propertyName) =>
    registerDecorator({
      name: "isShardIds",
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args) => `$property ${problem(args.value, args.object)}` },
      validator: { validate: (value, args) => args !== undefined && problem(value, args.object) === "" },
    });
}

/**
 * Accepted by node-postgres's own parser (its Client constructor parses the URL and connects nothing): a
 * value the driver would reject later fails here, as one line with the password hidden.
 */
function IsDriverUrl(options: ValidationOptions): PropertyDecorator {
  const parses = (value: unknown): boolean => typeof value === "string" && driverParses(value);
  return (target, propertyName) =>
    registerDecorator({
      name: "isDriverUrl",
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: parses },
    });
}
