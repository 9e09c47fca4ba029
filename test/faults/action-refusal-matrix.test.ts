import { ACTION_ROWS } from "./matrix/action-rows";
import { describeMatrix } from "./matrix/matrix-suite";
import { controlCombos, discordCombos } from "./matrix/run-combo";

// Discord's 403 and 404 at each step. (Its other faults are in action-failure-matrix: each file is a bot
// of its own, and a bot may send Discord 50 requests a second.)
describeMatrix("actions × Discord refusing (403, 404) at each step", "refusals", [
  ...controlCombos(ACTION_ROWS),
  ...discordCombos(ACTION_ROWS, ["403", "404"]),
]);
