import { existsSync } from "node:fs";

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it), driven by playwright-core. */
export const CHROMIUM_PATH = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((path) =>
  existsSync(path),
);

/**
 * `describe` when Chromium is installed; otherwise `describe.skip`, saying why (the one skip the suite
 * allows: `npm test` passes on a machine without a browser, and .ci/run always has one).
 */
export function describeWithChromium(name: string, body: () => void): void {
  if (!CHROMIUM_PATH) {
    console.warn(
      `${name}: skipped, no Chromium at /usr/bin/chromium (install it: apt-get install -y chromium)`,
    );
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}
