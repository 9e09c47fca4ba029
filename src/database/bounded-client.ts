import { Client, type ClientConfig } from "pg";

type ConnectCallback = Parameters<Client["connect"]>[0];

/**
 * pg-pool bounds two different waits with its one `connectionTimeoutMillis`: opening a connection, and
 * queueing for a free one while all are busy. A burst that keeps every connection busy is not an outage, so
 * the pool gets the (long) queue bound and each client bounds its own connecting with this class.
 *
 * Its clients also never take the process down with an `error` event nobody listens to. The pool listens
 * while a connection is idle and its holder (a TypeORM runner, a pooled statement) while it is out, but
 * between the two there is a gap: a server that dies just as it lets a connection in sends the end of the
 * start-up and a FATAL error in one packet, and the FATAL arrives after the pool has handed the connection
 * out, before its holder's listener is attached. Such a client is left unqueryable: the holder's next
 * statement fails as a connection loss, and the pool discards it on release. An error nobody else heard goes
 * to `onUnclaimedError` (to be logged: the holder only learns that the connection is broken, not why).
 * `onConnecting` hears every attempt, refused ones too: each costs the server a new process.
 */
export function clientConnectingWithin(
  timeoutMs: number,
  onUnclaimedError: (error: Error) => void = () => undefined,
  onConnecting: () => void = () => undefined,
): typeof Client {
  return class ConnectBoundedClient extends Client {
    constructor(config?: string | ClientConfig) {
      const base = typeof config === "string" ? { connectionString: config } : (config ?? {});
      super({ ...base, connectionTimeoutMillis: timeoutMs });
      this.on("error", (error: Error) => {
        if (this.listenerCount("error") === 1) onUnclaimedError(error);
      });
    }

    override connect(): Promise<Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<Client> | void {
      onConnecting();
      if (!callback) return super.connect().catch((err: Error) => Promise.reject(named(err)));
      const report = callback as (err: Error | null, client?: Client) => void;
      super.connect((err: Error | null, client?: Client) => report(err ? named(err) : null, client));
    }
  };
}

/** pg calls its own connect timeout "timeout expired"; say it as pg-pool does (a connection failure). */
function named(err: Error): Error {
  return err.message === "timeout expired"
    ? new Error("Connection terminated due to connection timeout", { cause: err })
    : err;
}
