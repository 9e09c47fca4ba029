import { isDeadRun, parseRunId } from "./test-run";
import { freePort } from "./free-port";

/**
 * The testcontainers path of the test harness: a PostgreSQL container when a Docker engine answers.
 * TEST_POSTGRES_IMAGE picks the image (default the official postgres:16-alpine); TEST_POSTGRES_NETWORK=host runs
 * it on the host network (for engines without a bridge), where PostgreSQL listens on 127.0.0.1 on a port this
 * harness picks. Testcontainers' reaper (Ryuk) may be disabled, so every container carries this run's id in a
 * label, is removed by `stop()`, on SIGINT/SIGTERM, and by the next run when this run died without cleaning up.
 */
export interface StartedPostgres {
  url: string;
  description: string;
  stop(): Promise<void>;
}

export type ContainerOutcome = { started: StartedPostgres } | { fallback: string };

const RUN_LABEL = "warden.test-run";
const USER = "warden";
const PASSWORD = "warden";

export async function startPostgresContainer(runId: string): Promise<ContainerOutcome> {
  const { getContainerRuntimeClient, GenericContainer, ImageName, Wait } = await import("testcontainers");
  let client: Awaited<ReturnType<typeof getContainerRuntimeClient>>;
  try {
    client = await getContainerRuntimeClient();
  } catch (error) {
    return { fallback: `no Docker engine answered (${firstLine(error)})` };
  }
  await removeDeadRunsContainers(client.container);

  const image = process.env.TEST_POSTGRES_IMAGE ?? "postgres:16-alpine";
  try {
    const name = ImageName.fromString(image);
    if (!(await client.image.exists(name))) await client.image.pull(name);
  } catch (error) {
    return { fallback: `image ${image} unavailable (${firstLine(error)})` };
  }

  const hostNetwork = process.env.TEST_POSTGRES_NETWORK === "host";
  const port = hostNetwork ? await freePort() : 5432;
  const listen = hostNetwork ? ["-c", "listen_addresses=127.0.0.1"] : [];
  const container = new GenericContainer(image)
    .withEnvironment({ POSTGRES_USER: USER, POSTGRES_PASSWORD: PASSWORD, POSTGRES_DB: "postgres" })
    .withLabels({ [RUN_LABEL]: runId })
    .withCommand(["postgres", "-p", String(port), ...listen, "-c", "max_connections=200"])
    // Ready when the real server accepts TCP connections (the official image's first, initialising server
    // listens on its Unix socket only).
    .withWaitStrategy(Wait.forSuccessfulCommand(`pg_isready -h 127.0.0.1 -p ${port} -U ${USER}`))
    .withStartupTimeout(120_000);
  if (hostNetwork) container.withNetworkMode("host");
  else container.withExposedPorts(port);

  // One removal, whoever asks first: teardown (a graceful stop) or SIGINT/SIGTERM (then the signal goes on).
  let removal: Promise<void> | undefined;
  const removeOnce = (remove: () => Promise<void>): Promise<void> => {
    removal ??= remove().finally(unlisten);
    return removal;
  };
  const removeOnSignal = (signal: NodeJS.Signals): void => {
    void removeOnce(() => removeRunContainers(client.container, runId)).finally(() =>
      process.kill(process.pid, signal),
    );
  };
  const unlisten = (): void => {
    process.removeListener("SIGINT", removeOnSignal);
    process.removeListener("SIGTERM", removeOnSignal);
  };
  process.once("SIGINT", removeOnSignal);
  process.once("SIGTERM", removeOnSignal);

  try {
    const started = await container.start();
    const host = hostNetwork ? "127.0.0.1" : started.getHost();
    const mapped = hostNetwork ? port : started.getMappedPort(port);
    return {
      started: {
        url: `postgres://${USER}:${PASSWORD}@${host}:${mapped}/postgres`,
        description: `container of ${image}${hostNetwork ? " on the host network" : ""} at ${host}:${mapped}`,
        stop: () =>
          removeOnce(async () => {
            await started.stop({ timeout: 10_000, remove: true, removeVolumes: true });
          }),
      },
    };
  } catch (error) {
    await removeOnce(() => removeRunContainers(client.container, runId));
    return { fallback: `the ${image} container did not start (${firstLine(error)})` };
  }
}

type Containers = Awaited<ReturnType<typeof import("testcontainers").getContainerRuntimeClient>>["container"];

async function removeContainers(containers: Containers, ofRun: (runId: string) => boolean): Promise<void> {
  const labelled = await containers.dockerode
    .listContainers({ all: true, filters: { label: [RUN_LABEL] } })
    .catch(() => []);
  await Promise.allSettled(
    labelled
      .filter((info) => ofRun(info.Labels[RUN_LABEL] ?? ""))
      .map((info) => containers.getById(info.Id).remove({ force: true, v: true })),
  );
}

function removeRunContainers(containers: Containers, runId: string): Promise<void> {
  return removeContainers(containers, (label) => label === runId);
}

function removeDeadRunsContainers(containers: Containers): Promise<void> {
  return removeContainers(containers, (label) => {
    const run = parseRunId(label);
    return run !== undefined && isDeadRun(run);
  });
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]?.trim() ?? "";
}
