import { ACTION_ROWS } from "./matrix/action-rows";
import { describeMatrix } from "./matrix/matrix-suite";
import { discordCombos } from "./matrix/run-combo";

// Discord rate-limiting (429), failing (500) and not answering in time at each step.
describeMatrix("actions × Discord 429, 500 and timeouts at each step", "failures", [
  ...discordCombos(ACTION_ROWS, ["429", "500", "timeout"]),
]);
