import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP relay between the bot and PostgreSQL, so a test can take the database away from the bot (and give
 * it back) without touching the server: while cut, open connections are reset and new ones are refused
 * the moment they arrive, exactly what an outage looks like to the pool.
 */
export class DatabaseProxy {
  private readonly sockets = new Set<Socket>();
  private down = false;

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(databaseUrl: string): Promise<DatabaseProxy> {
    const target = new URL(databaseUrl);
    const server = createServer();
    const proxy = new DatabaseProxy(server, target);
    server.on("connection", (client) => proxy.relay(client));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** The database URL through the relay. */
  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("the proxy is not listening");
    const url = new URL(this.target.toString());
    url.hostname = "127.0.0.1";
    url.port = String(address.port);
    return url.toString();
  }

  /** The database becomes unreachable: every connection is reset, new ones too. */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
