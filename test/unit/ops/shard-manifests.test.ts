import "reflect-metadata";
import { getMetadataStorage } from "class-validator";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { Config, loadConfig } from "../../../src/config";

const root = path.resolve(__dirname, "..", "..", "..");
const read = (file: string): string => readFileSync(path.join(root, file), "utf8");

/** Every setting Warden reads: the properties of Config that carry a validation rule. */
const SETTINGS = new Set(
  getMetadataStorage()
    .getTargetValidationMetadatas(Config, "", true, false)
    .map((rule) => rule.propertyName),
);
/** Settings that must come from a secret, never a value in the file. */
const SECRETS = ["DISCORD_TOKEN", "DATABASE_URL", "DATABASE_DIRECT_URL", "DISCORD_CLIENT_SECRET"];

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string } };
}
interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  env?: EnvVar[];
  ports?: Array<{ name?: string; containerPort?: number }>;
  readinessProbe?: Probe;
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: {
    replicas?: number;
    serviceName?: string;
    podManagementPolicy?: string;
    clusterIP?: string;
    selector?: Record<string, unknown>;
    template?: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
  };
}

const manifests = parseAllDocuments(read("deploy/kubernetes/statefulset.yaml")).map((doc) => {
  expect(doc.errors).toEqual([]);
  return doc.toJS() as Manifest;
});
const ofKind = (kind: string): Manifest => {
  const found = manifests.find((manifest) => manifest.kind === kind);
  if (!found) throw new Error(`statefulset.yaml has no ${kind}`);
  return found;
};

describe("the Kubernetes StatefulSet", () => {
  const statefulSet = ofKind("StatefulSet");
  const [container] = statefulSet.spec.template?.spec.containers ?? [];
  const env = container?.env ?? [];
  const plain = Object.fromEntries(
    env.filter((item) => item.value !== undefined).map((item) => [item.name, item.value ?? ""]),
  );

  it("names only Warden settings, and takes every secret from a Secret", () => {
    expect(env.map((item) => item.name).filter((name) => !SETTINGS.has(name))).toEqual([]);
    for (const name of SECRETS) expect(plain[name]).toBeUndefined();
    for (const name of ["DISCORD_TOKEN", "DATABASE_URL"]) {
      const item = env.find((candidate) => candidate.name === name);
      expect(item?.valueFrom?.secretKeyRef).toEqual({ name: expect.any(String), key: expect.any(String) });
    }
  });

  it("runs SHARD_COUNT / SHARDS_PER_PROCESS pods, whose ordinals give every shard to exactly one of them", () => {
    const count = Number(plain.SHARD_COUNT);
    const perProcess = Number(plain.SHARDS_PER_PROCESS ?? "1");
    expect(statefulSet.spec.replicas).toBe(Math.ceil(count / perProcess));
    expect(plain.SHARD_IDS).toBeUndefined();
    // Each pod's configuration, as Warden reads it with the pod's host name.
    const shards = Array.from(
      { length: statefulSet.spec.replicas ?? 0 },
      (_, ordinal) =>
        loadConfig({ ...plain, HOSTNAME: `${statefulSet.metadata.name}-${ordinal}` }).SHARD_IDS ?? [],
    ).flat();
    expect(shards).toEqual(Array.from({ length: count }, (_, id) => id));
    expect(statefulSet.spec.podManagementPolicy).toBe("Parallel");
  });

  it("is ready when /healthz says so, on the health port bound to the pod's address", () => {
    const probe = container?.readinessProbe?.httpGet;
    expect(probe?.path).toBe("/healthz");
    const port = container?.ports?.find(
      (candidate) => candidate.name === probe?.port || candidate.containerPort === probe?.port,
    );
    expect(String(port?.containerPort)).toBe(plain.HEALTH_PORT);
    expect(plain.HEALTH_HOST).toBe("0.0.0.0");
  });

  it("comes with the headless Service the StatefulSet names", () => {
    const service = ofKind("Service");
    expect(service.spec.clusterIP).toBe("None");
    expect(statefulSet.spec.serviceName).toBe(service.metadata.name);
    expect(service.spec.selector).toEqual(statefulSet.spec.template?.metadata.labels);
  });
});

describe("the Docker Compose shard groups", () => {
  interface Service {
    environment?: Record<string, string>;
    healthcheck?: unknown;
  }
  const compose = parse(read("deploy/compose/docker-compose.shards.yml"), { merge: true }) as {
    services: Record<string, Service>;
  };
  const wardens = Object.entries(compose.services).filter(([name]) => name.startsWith("warden"));

  it("give every shard to exactly one service, each with the same SHARD_COUNT", () => {
    expect(wardens.length).toBeGreaterThan(1);
    const counts = new Set(wardens.map(([, service]) => service.environment?.SHARD_COUNT));
    expect(counts.size).toBe(1);
    const count = Number([...counts][0]);
    const shards = wardens.flatMap(([, service]) => {
      const { SHARD_COUNT = "", SHARD_IDS = "" } = service.environment ?? {};
      return loadConfig({ SHARD_COUNT, SHARD_IDS }).SHARD_IDS ?? [];
    });
    expect(shards.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, id) => id));
  });

  it("name only Warden settings, and keep secrets in .env", () => {
    for (const [, service] of wardens) {
      const environment = service.environment ?? {};
      expect(Object.keys(environment).filter((name) => !SETTINGS.has(name))).toEqual([]);
      expect(environment.DISCORD_TOKEN).toMatch(/^\$\{DISCORD_TOKEN:\?[^}]+\}$/);
      expect(environment.DATABASE_URL).toMatch(
        /^postgres:\/\/warden:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/warden$/,
      );
      expect(environment.HEALTH_HOST).toBe("0.0.0.0");
    }
    expect(compose.services.postgres?.environment?.POSTGRES_PASSWORD).toMatch(
      /^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/,
    );
  });
});
