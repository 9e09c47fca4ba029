import "reflect-metadata";
import { getMetadataStorage } from "class-validator";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { Config } from "../../../src/config";

const root = path.resolve(__dirname, "..", "..", "..");
const read = (file: string): string => readFileSync(path.join(root, file), "utf8");

/** Every setting Warden reads: the properties of Config that carry a validation rule. */
function settings(): string[] {
  const rules = getMetadataStorage().getTargetValidationMetadatas(Config, "", true, false);
  return [...new Set(rules.map((rule) => rule.propertyName))].sort();
}

/** The variables README's Configuration table lists (a row may name two). */
function documentedSettings(): string[] {
  const rows = read("README.md")
    .split("\n")
    .filter((line) => /^\| `[A-Z_]+`/.test(line));
  return rows
    .flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((m) => m[1] ?? ""))
    .sort();
}

interface ComposeService {
  environment?: Record<string, string>;
  ports?: unknown[];
  expose?: unknown[];
  volumes?: string[];
}
const compose = parse(read("docker-compose.yml")) as { services: Record<string, ComposeService> };
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no ${name} service`);
  return found;
};

describe("the deployment files", () => {
  it("README documents every setting Warden reads, and only those besides the test harness's", () => {
    const documented = documentedSettings();
    expect(documented.filter((name) => !name.startsWith("TEST_"))).toEqual(settings());
  });

  it("docker-compose.yml passes every setting README documents to the bot, each from the variable of its name", () => {
    const environment = service("bot").environment ?? {};
    // Compose decides these: its own PostgreSQL, a volume for the data folder, and so no embedded server.
    const fixedByCompose = new Set(["DATABASE_URL", "DATA_DIR", "EMBEDDED_DB_PORT"]);
    const passed = settings().filter((name) => !fixedByCompose.has(name));
    for (const name of passed) {
      expect([name, environment[name]]).toEqual([
        name,
        expect.stringMatching(new RegExp(`^\\$\\{${name}(:[-?].*)?\\}$`)),
      ]);
    }
    expect(environment.DATABASE_URL).toMatch(
      /^postgres:\/\/warden:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/warden$/,
    );
  });

  it("keeps the database password out of the file: .env supplies it, and Compose refuses to start without it", () => {
    expect(service("postgres").environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    const example = read(".env.example");
    expect(example).toMatch(/^POSTGRES_PASSWORD=$/m);
    expect(example).toMatch(/^DISCORD_TOKEN=$/m);
    expect(read(".gitignore").split("\n")).toContain(".env");
  });

  it("binds the health endpoint and the dashboard inside the container and publishes them nowhere unless asked", () => {
    const bot = service("bot");
    expect(bot.environment?.HEALTH_HOST).toBe("${HEALTH_HOST:-0.0.0.0}");
    expect(bot.environment?.DASHBOARD_HOST).toBe("${DASHBOARD_HOST:-0.0.0.0}");
    expect(bot.ports).toBeUndefined();
    expect(bot.expose).toEqual(["${HEALTH_PORT:-9464}", "${DASHBOARD_PORT:-8080}"]);
    expect(bot.volumes).toContain("warden-data:/app/data");
  });

  it("builds the image on a base image named by a build argument", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(dockerfile.match(/^FROM .*$/gm)).toEqual(["FROM ${NODE_IMAGE} AS build", "FROM ${NODE_IMAGE}"]);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
