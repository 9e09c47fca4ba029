import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildContainer } from "../../../src/container";
import { loadConfig } from "../../../src/config";
import { createLogger } from "../../../src/logger";

const SOURCE = join(__dirname, "../../../src");

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every class marked `@service()`, loaded from its module. */
function services(): Array<{ name: string; file: string; type: new (...args: never[]) => unknown }> {
  return sourceFiles(SOURCE).flatMap((file) => {
    const names = [
      ...readFileSync(file, "utf8").matchAll(/@service\(\)\n(?:\/\*\*[\s\S]*?\*\/\n)?export class (\w+)/g),
    ];
    if (names.length === 0) return [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the classes are found by reading the files
    const module = require(file) as Record<string, new (...args: never[]) => unknown>;
    return names.map(([, name]) => ({ name: name!, file: relative(SOURCE, file), type: module[name!]! }));
  });
}

describe("services register themselves", () => {
  const config = loadConfig({ DISCORD_TOKEN: "services", LOG_LEVEL: "silent", HEALTH_PORT: "0" });

  it("every @service() is known to each new container as its own, before anyone asks for it", () => {
    const found = services();
    expect(found.length).toBeGreaterThan(30);
    const container = buildContainer(config, createLogger("silent"));
    const unknown = found.filter(({ type }) => !container.isRegistered(type, false));
    expect(unknown.map(({ name, file }) => `${name} (${file})`)).toEqual([]);
  });

  it("gives one instance per container, and another to the next container", () => {
    const { type } = services().find(({ name }) => name === "DatabaseGate")!;
    const first = buildContainer(config, createLogger("silent"));
    const second = buildContainer(config, createLogger("silent"));
    expect(first.resolve(type as never)).toBe(first.resolve(type as never));
    expect(first.resolve(type as never)).not.toBe(second.resolve(type as never));
  });

  it("makes every controller a service, so no controller is built twice by accident", () => {
    const controllers = sourceFiles(join(SOURCE, "controllers"))
      .filter((file) => /export class \w+ extends BaseController</.test(readFileSync(file, "utf8")))
      .filter(
        (file) =>
          !/@service\(\)\n(?:\/\*\*[\s\S]*?\*\/\n)?export class \w+ extends BaseController</.test(
            readFileSync(file, "utf8"),
          ),
      );
    expect(controllers.map((file) => relative(SOURCE, file))).toEqual([]);
  });
});
