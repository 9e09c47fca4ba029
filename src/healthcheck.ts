import "reflect-metadata";
import { probe } from "./ops/health-probe";

/** The container's health probe: `node dist/src/healthcheck.js` exits 0 when this instance's /healthz says ok. */
probe(process.env, 4000).then(
  ({ ok, line }) => {
    (ok ? process.stdout : process.stderr).write(`${line}\n`);
    process.exit(ok ? 0 : 1);
  },
  (error: unknown) => {
    process.stderr.write(`health probe failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
