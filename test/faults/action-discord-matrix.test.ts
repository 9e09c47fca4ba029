import { ACTION_ROWS } from "./matrix/action-rows";
import { describeMatrix } from "./matrix/matrix-suite";
import { controlCombos, discordCombos } from "./matrix/run-combo";

describeMatrix("actions × Discord 403, 404, 429, 500 and timeouts at each step", "discord", [
  ...controlCombos(ACTION_ROWS),
  ...discordCombos(ACTION_ROWS),
]);
