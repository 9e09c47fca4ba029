import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { probe, probeHost } from "../../../src/ops/health-probe";

describe("the container health probe", () => {
  let server: Server;
  let status = 200;
  let port: number;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.writeHead(request.url === "/healthz" ? status : 404).end(`{"ok":${status === 200}}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reaches a listener bound to every interface on loopback", () => {
    expect(probeHost("0.0.0.0")).toBe("127.0.0.1");
    expect(probeHost("::")).toBe("::1");
    expect(probeHost("10.1.2.3")).toBe("10.1.2.3");
  });

  it("is healthy when /healthz answers 200 and unhealthy when it answers 503", async () => {
    status = 200;
    const env = { HEALTH_HOST: "0.0.0.0", HEALTH_PORT: String(port) };
    expect(await probe(env, 2000)).toEqual({
      ok: true,
      line: `http://127.0.0.1:${port}/healthz: 200 {"ok":true}`,
    });
    status = 503;
    expect(await probe(env, 2000)).toMatchObject({ ok: false, line: expect.stringContaining(": 503 ") });
  });

  it("says why when nothing can be probed", async () => {
    expect(await probe({ HEALTH_PORT: "0" }, 2000)).toMatchObject({
      ok: false,
      line: expect.stringMatching(/HEALTH_PORT is 0/),
    });
    expect(await probe({ HEALTH_ENABLED: "false" }, 2000)).toMatchObject({
      ok: false,
      line: expect.stringMatching(/HEALTH_ENABLED/),
    });
    expect(await probe({ HEALTH_PORT: "many" }, 2000)).toMatchObject({
      ok: false,
      line: expect.stringMatching(/HEALTH_PORT/),
    });
  });

  it("is unhealthy when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await probe({ HEALTH_HOST: "127.0.0.1", HEALTH_PORT: String(freePort) }, 2000);
    expect(result.ok).toBe(false);
    expect(result.line).toContain(`http://127.0.0.1:${freePort}/healthz: `);
  });
});
