import { CaseType } from "../../../src/entities";
import type { SimUser } from "../../../simulator";
import type { WorldGuild } from "./fault-world";
import { routesFor } from "./moderation-routes";
import { openForm } from "./menu-form";
import {
  APPLIED,
  UNTOUCHED,
  type ActionRow,
  type DiscordStepName,
  type RunContext,
  type StatementCombo,
} from "./rows";

export interface ModerationSpec {
  name: string;
  command: string;
  type: CaseType;
  steps: readonly DiscordStepName[];
  done: RegExp;
  options(target: SimUser): Record<string, string | number | boolean>;
  /** Puts the target where the action starts from (banned, timed out), without telling the bot. */
  setUp?(where: WorldGuild, target: SimUser): void;
  /** What the action needs recorded or configured first (a restricted role, a restriction to lift). */
  arrange?(context: RunContext, target: SimUser): Promise<void>;
  /** Statements besides the case's own that the action writes. */
  extraStatements?: readonly StatementCombo[];
  /** Whether Discord shows the action taken: true, false, or what it shows instead. */
  effect?(where: WorldGuild, target: SimUser, reply: string): boolean | string;
  /**
   * Run from a context menu instead: the row opens the menu on the target while it is prepared (no fault
   * armed yet) and sends its form filled in with `options` (the row then covers `modal:<prefix>`).
   */
  menu?: { name: string; prefix: string };
}

const RECORDED_ONLY: readonly StatementCombo[] = ["cases.insert", "guilds.counter", "cases.modlog-message"];
const CARRIED_OUT: readonly StatementCombo[] = [
  "cases.insert",
  "guilds.counter",
  "cases.confirm",
  { step: "cases.void", after: { step: "act", fault: "403" } },
  "cases.modlog-message",
];

export function timedOut(where: WorldGuild, target: SimUser): boolean {
  const until = where.guild.members.get(target.id)?.communicationDisabledUntil;
  return until !== null && until !== undefined && Date.parse(until) > Date.now();
}

/**
 * One moderation action: its case and Discord's state must agree once settled (a case stands exactly when
 * the action took effect), and no member has two cases for one action.
 */
export function moderation(spec: ModerationSpec): ActionRow {
  return {
    name: spec.name,
    covers: [spec.menu ? `modal:${spec.menu.prefix}` : spec.command],
    discordSteps: spec.steps,
    statementSteps: [...(spec.effect ? CARRIED_OUT : RECORDED_ONLY), ...(spec.extraStatements ?? [])],
    done: spec.done,
    async prepare(context) {
      const { world, where } = context;
      const target = where.member(`${spec.name}-target`);
      spec.setUp?.(where, target);
      await spec.arrange?.(context, target);
      return {
        input: spec.menu
          ? await openForm(context, spec.menu.name, target, spec.options(target))
          : { userId: where.mod.id, name: spec.command, options: spec.options(target) },
        routes: routesFor(context, spec.type, target),
        async state(reply) {
          const cases = await world.sql<{ number: number; pending: boolean; voided: boolean }>(
            `SELECT number, pending, voided FROM cases
              WHERE guild_id = $1 AND target_id = $2 AND type = $3 ORDER BY number`,
            [where.guild.id, target.id, spec.type],
          );
          if (cases.length > 1) return `${cases.length} ${spec.type} cases for one action`;
          const [kase] = cases;
          if (kase?.pending) return `case #${kase.number} still pending`;
          const recorded = kase !== undefined && !kase.voided;
          const effect = spec.effect?.(where, target, reply) ?? recorded;
          if (typeof effect === "string") return `${effect}, case ${recorded ? "stands" : "voided"}`;
          if (recorded && effect) return APPLIED;
          if (!recorded && !effect) return UNTOUCHED;
          return recorded
            ? `case #${kase?.number} stands but Discord shows no ${spec.type}`
            : `Discord shows the ${spec.type} but ${kase ? `case #${kase.number} was voided` : "no case"}`;
        },
      };
    },
  };
}

const reason = (target: SimUser) => ({ user: target.id, reason: "matrix" });

export const MODERATION_ROWS: readonly ActionRow[] = [
  moderation({
    name: "warn",
    command: "warn",
    type: CaseType.Warn,
    steps: ["dm", "modlog"],
    done: /^Warned \*\*/,
    options: reason,
  }),
  moderation({
    name: "note",
    command: "note",
    type: CaseType.Note,
    steps: ["modlog"],
    done: /^Noted on \*\*/,
    options: (target) => ({ user: target.id, note: "matrix" }),
  }),
  moderation({
    name: "timeout",
    command: "timeout",
    type: CaseType.Timeout,
    steps: ["dm", "act", "modlog"],
    done: /^Timed out \*\*/,
    options: (target) => ({ user: target.id, duration: "1h", reason: "matrix" }),
    effect: timedOut,
  }),
  moderation({
    name: "untimeout",
    command: "untimeout",
    type: CaseType.Untimeout,
    steps: ["act", "modlog"],
    done: /^Lifted \*\*.*'s timeout/,
    options: reason,
    setUp: (where, target) =>
      void where.guild.updateMember(target.id, (member) => {
        member.communicationDisabledUntil = new Date(Date.now() + 3_600_000).toISOString();
      }),
    effect: (where, target) => where.guild.members.has(target.id) && !timedOut(where, target),
  }),
  moderation({
    name: "kick",
    command: "kick",
    type: CaseType.Kick,
    steps: ["dm", "act", "modlog"],
    done: /^Kicked \*\*/,
    options: reason,
    effect: (where, target) => !where.guild.members.has(target.id),
  }),
  moderation({
    name: "ban",
    command: "ban",
    type: CaseType.Ban,
    steps: ["dm", "act", "modlog"],
    done: /^Banned \*\*/,
    options: reason,
    effect: (where, target) => where.guild.bans.has(target.id),
  }),
  moderation({
    name: "tempban",
    command: "ban",
    type: CaseType.Ban,
    steps: ["dm", "act", "modlog"],
    done: /^Banned \*\*\S+\*\* for 1h/,
    options: (target) => ({ user: target.id, reason: "matrix", duration: "1h" }),
    effect: (where, target) => where.guild.bans.has(target.id),
  }),
  moderation({
    name: "unban",
    command: "unban",
    type: CaseType.Unban,
    steps: ["lookup", "act", "modlog"],
    done: /^Unbanned \*\*/,
    options: reason,
    setUp: (where, target) => {
      where.guild.removeMember(target.id);
      where.guild.bans.set(target.id, { userId: target.id, reason: "earlier" });
    },
    effect: (where, target) => !where.guild.bans.has(target.id),
  }),
  moderation({
    name: "softban",
    command: "softban",
    type: CaseType.Softban,
    steps: ["dm", "act", "unban", "modlog"],
    done: /^Softbanned \*\*/,
    options: reason,
    // A ban that could not be lifted afterwards leaves the softban standing, and the answer says so.
    effect: (where, target, reply) => {
      const gone = !where.guild.members.has(target.id);
      const banned = where.guild.bans.has(target.id);
      if (gone && banned && !reply.includes("they may still be banned")) return "still banned, unsaid";
      return gone;
    },
  }),
];
