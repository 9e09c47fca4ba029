import { MIGRATIONS } from "../../src/migrations";

/** How /about and /db stats show the build's migration `fromNewest` places before its newest one. */
export function migrationShown(fromNewest = 0): string {
  const migration = MIGRATIONS[MIGRATIONS.length - 1 - fromNewest];
  const [, name, timestamp] = /^(\D+)(\d{13})$/.exec(migration?.name ?? "") ?? [];
  if (!name || !timestamp) throw new Error(`no migration ${fromNewest} before the newest`);
  return `${name} (${timestamp})`;
}
