import { ACTION_ROWS } from "./matrix/action-rows";
import { describeMatrix } from "./matrix/matrix-suite";
import { controlCombos, statementCombos } from "./matrix/run-combo";

describeMatrix("actions × a failing statement at each step", "statements", [
  ...controlCombos(ACTION_ROWS),
  ...statementCombos(ACTION_ROWS),
]);
