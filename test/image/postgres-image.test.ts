import { getContainerRuntimeClient } from "testcontainers";
import { Client } from "pg";
import { eventuallyAsync } from "../support/eventually";
import { freePort } from "../support/free-port";
import { currentRunId } from "../support/test-run";

/**
 * The PostgreSQL image the harness starts (TEST_POSTGRES_IMAGE: in CI the one scripts/docker builds from Debian
 * packages) on the host network, where its 127.0.0.1 is the host's: like the official image, it must refuse to
 * start without a password rather than let every local user in as superuser.
 */
const IMAGE = process.env.TEST_POSTGRES_IMAGE ?? "postgres:16-alpine";
const RUN_LABEL = "warden.test-run";

describe(`the PostgreSQL image ${IMAGE}`, () => {
  it("refuses to start without POSTGRES_PASSWORD instead of trusting every connection", async () => {
    const { container: containers } = await getContainerRuntimeClient();
    const port = await freePort();
    const container = await containers.dockerode.createContainer({
      Image: IMAGE,
      Cmd: ["postgres", "-p", String(port)],
      Labels: { [RUN_LABEL]: currentRunId() },
      HostConfig: { NetworkMode: "host" },
    });
    try {
      await container.start();
      let connectedAs: string | undefined;
      await eventuallyAsync(
        async () => {
          if (!(await container.inspect()).State.Running) return true;
          connectedAs = await connectWithoutPassword(port);
          return connectedAs !== undefined;
        },
        60_000,
        "the container to exit or to accept a connection",
      );
      expect(connectedAs).toBeUndefined();
      const state = (await container.inspect()).State;
      expect(state.ExitCode).not.toBe(0);
      const logs = (await container.logs({ stdout: true, stderr: true })).toString();
      expect(logs).toMatch(/POSTGRES_PASSWORD/);
    } finally {
      await container.remove({ force: true, v: true });
    }
  });
});

/** The role a password-less connection to 127.0.0.1:port gets, or undefined when refused. */
async function connectWithoutPassword(port: number): Promise<string | undefined> {
  const client = new Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const result = await client.query<{ user: string }>("SELECT current_user AS user");
    return result.rows[0]?.user;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
