import net from "node:net";
import { directUrlOf, routeDirect } from "./pooler-routes";

/**
 * A TCP forwarder in front of a real server (PostgreSQL here), for outages without stopping the server:
 * `down()` cuts every open connection and turns new ones away at once (the client sees its connection
 * terminated), `up()` forwards again. Listens on 127.0.0.1 only.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private forwarding = true;
  /** Connections go silent instead of being cut (see `stall`). */
  private stalled = false;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  /** Connections turned away while down. */
  refused = 0;
  /** Behind the run's PgBouncer: the proxy on the direct path to the same server, down and up with this one. */
  private companion: TcpProxy | undefined;

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on("connection", (client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /**
   * A proxy in front of the server a postgres:// URL names; `url` then points through the proxy. When `url`
   * goes through the run's PgBouncer, the direct path to its server (DATABASE_DIRECT_URL) gets a proxy too,
   * cut and restored with this one: an outage takes both, as it would in production.
   */
  static async forUrl(url: string): Promise<{ proxy: TcpProxy; url: string }> {
    const around = async (target: string): Promise<{ proxy: TcpProxy; url: string }> => {
      const parsed = new URL(target);
      const proxy = await TcpProxy.start({ host: parsed.hostname, port: Number(parsed.port || 5432) });
      parsed.hostname = "127.0.0.1";
      parsed.port = String(proxy.port);
      return { proxy, url: parsed.toString() };
    };
    const proxied = await around(url);
    const direct = directUrlOf(url);
    if (direct !== url) {
      const companion = await around(direct);
      proxied.proxy.companion = companion.proxy;
      routeDirect(proxied.url, companion.url);
    }
    return proxied;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("the proxy is not listening");
    return address.port;
  }

  get isUp(): boolean {
    return this.forwarding;
  }

  /** Open client connections right now. */
  get connections(): number {
    return [...this.sockets].filter((socket) => !socket.destroyed).length / 2;
  }

  down(): void {
    this.companion?.down();
    this.forwarding = false;
    this.stalled = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.pairs.clear();
  }

  up(): void {
    this.companion?.up();
    this.forwarding = true;
    if (this.stalled) {
      this.stalled = false;
      for (const { client, upstream } of this.pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
    }
  }

  /**
   * A network that drops every packet, closing nothing: open connections stop carrying bytes both ways
   * (a statement sent on one is never answered), new ones are accepted and never answered. `up()` forwards
   * again on the open ones; `down()` cuts them.
   */
  stall(): void {
    this.stalled = true;
    for (const { client, upstream } of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  async close(): Promise<void> {
    await this.companion?.close();
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.stalled) {
      this.sockets.add(client);
      client.on("error", () => undefined);
      client.on("close", () => this.sockets.delete(client));
      client.pause();
      return;
    }
    if (!this.forwarding) {
      this.refused += 1;
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on("error", () => to.destroy());
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
    const pair = { client, upstream };
    this.pairs.add(pair);
    client.on("close", () => this.pairs.delete(pair));
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
