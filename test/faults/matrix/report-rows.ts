import { ComponentSigner } from "../../../src/bot/component-signer";
import { ReportController } from "../../../src/controllers/report-controller";
import { ReportSettingController } from "../../../src/controllers/report-setting-controller";
import { CaseType } from "../../../src/entities";
import type { SimUser } from "../../../simulator";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { openMessageForm } from "./menu-form";
import { moderation, timedOut, type ModerationSpec } from "./moderation-rows";
import { compare, one, simple } from "./row-kit";
import { APPLIED, UNTOUCHED, type ActionRow, type CommandSpec, type RunContext } from "./rows";

const filed = (world: FaultWorld, where: WorldGuild, reporter: SimUser, target: SimUser) => async () => ({
  reports: (
    await world.sql("SELECT 1 FROM reports WHERE guild_id = $1 AND reporter_id = $2 AND target_id = $3", [
      where.guild.id,
      reporter.id,
      target.id,
    ])
  ).length,
  events: (await world.sql("SELECT 1 FROM report_events WHERE actor_id = $1", [reporter.id])).length,
  slots: (
    await world.sql("SELECT 1 FROM cooldowns WHERE guild_id = $1 AND user_id = $2", [
      where.guild.id,
      reporter.id,
    ])
  ).length,
});
const FILED = { reports: 1, events: 1, slots: 1 };
const NOT_FILED = { reports: 0, events: 0, slots: 0 };
const FILING_STATEMENTS = ["cooldowns.take", "reports.insert", "report_events.insert"] as const;

const queueIn = (world: FaultWorld, where: WorldGuild) =>
  world.app.container
    .resolve(ReportSettingController)
    .setChannel(where.guild.id, where.guild.firstTextChannel().id);

/** A report about `target`, filed straight through the controller (no post: the rows judge the records). */
async function reportAbout(world: FaultWorld, where: WorldGuild, target: SimUser): Promise<number> {
  const report = await world.app.container.resolve(ReportController).file({
    guildId: where.guild.id,
    reporterId: where.member("reporter").id,
    targetId: target.id,
    reason: "matrix",
    messageLink: null,
    messageExcerpt: null,
  });
  return report.id;
}

const reportState = (world: FaultWorld, id: number) => async () => ({
  ...(await one<{ status: string }>(world, "SELECT status FROM reports WHERE id = $1", [id])),
  events: (await world.sql("SELECT 1 FROM report_events WHERE report_id = $1", [id])).length,
});

const reports = (where: WorldGuild, subcommand: string, options: CommandSpec["options"]): CommandSpec => ({
  userId: where.mod.id,
  name: "reports",
  subcommand,
  ...(options ? { options } : {}),
});
const blockOf = (world: FaultWorld, where: WorldGuild, user: SimUser) => () =>
  one(world, "SELECT blocked_by FROM report_blocks WHERE guild_id = $1 AND user_id = $2", [
    where.guild.id,
    user.id,
  ]);

/**
 * A report's Warn / Timeout / Ban form: the action's own row (same steps, statements and invariants), sent
 * from the form the report's button opens, and the report closed with the case exactly when the case stands.
 */
function fromReport(spec: ModerationSpec & { prefix: string; fields(): Record<string, string> }): ActionRow {
  const row = moderation(spec);
  return {
    ...row,
    covers: [`modal:${spec.prefix}`],
    statementSteps: [...row.statementSteps, "reports.update", "report_events.insert"],
    async prepare(context: RunContext) {
      const { world, where } = context;
      const prepared = await row.prepare(context);
      const targetId = "options" in prepared.input ? String(prepared.input.options?.user) : "";
      const target = where.guild.members.has(targetId) ? { id: targetId } : null;
      if (!target) throw new Error(`${spec.name}: no target`);
      const id = await reportAbout(world, where, target as SimUser);
      const customId = world.app.container.resolve(ComponentSigner).sign(`${spec.prefix}:${id}`);
      const read = () =>
        one<{ status: string; case_number: number | null }>(
          world,
          "SELECT status, case_number FROM reports WHERE id = $1",
          [id],
        );
      return {
        ...prepared,
        input: { userId: where.mod.id, modal: { customId, fields: spec.fields() } },
        scopes: { ...prepared.scopes, "report_events.insert": where.mod.id },
        async state(reply) {
          const action = await prepared.state(reply);
          // An action Discord refused leaves the report open again, its history saying so.
          const report = await read();
          const actioned = report?.status === "actioned" && report.case_number !== null;
          if (action === APPLIED && actioned) return APPLIED;
          if (action === UNTOUCHED && report?.status === "open" && report.case_number === null)
            return UNTOUCHED;
          return `${action}, report ${JSON.stringify(report)}`;
        },
      };
    },
  };
}

/** /report, the "Report" form, /reports channel|block|unblock and the moderators' forms on a report. */
export const REPORT_ROWS: readonly ActionRow[] = [
  simple({
    name: "report",
    covers: ["report"],
    statementSteps: FILING_STATEMENTS,
    done: /^Thank you: your report #\d+/,
    async prepare({ world, where }) {
      await queueIn(world, where);
      const reporter = where.member("reporter");
      const target = where.member("reported");
      return {
        input: { userId: reporter.id, name: "report", options: { user: target.id, reason: "matrix" } },
        scopes: { "report_events.insert": reporter.id },
        state: compare(filed(world, where, reporter, target), FILED, NOT_FILED),
      };
    },
  }),
  simple({
    name: "menu report",
    covers: ["modal:rpt-menu"],
    statementSteps: FILING_STATEMENTS,
    done: /^Thank you: your report #\d+/,
    async prepare(context) {
      const { world, where } = context;
      await queueIn(world, where);
      const reporter = where.member("reporter");
      const target = where.member("reported");
      const at = Date.now();
      const [message] = world.sim.seedHistory(where.guild.firstTextChannel().id, [
        { authorId: target.id, at, content: "matrix" },
      ]);
      const on = { userId: reporter.id, messageId: message!.id };
      return {
        input: await openMessageForm(context, "Report", { reason: "matrix" }, on),
        scopes: { "report_events.insert": reporter.id },
        state: compare(filed(world, where, reporter, target), FILED, NOT_FILED),
      };
    },
  }),
  simple({
    name: "reports channel",
    covers: ["reports channel"],
    statementSteps: ["report_settings.write"],
    done: /^Reports will be posted to/,
    prepare: async ({ world, where }) => {
      const channelId = where.guild.firstTextChannel().id;
      const read = () =>
        one(world, "SELECT channel_id FROM report_settings WHERE guild_id = $1", [where.guild.id]);
      return {
        input: reports(where, "channel", { channel: channelId }),
        state: compare(read, { channel_id: channelId }, null),
      };
    },
  }),
  simple({
    name: "reports block",
    covers: ["reports block"],
    statementSteps: ["report_blocks.insert"],
    done: /can no longer file reports/,
    prepare: async ({ world, where }) => {
      const user = where.member("blocked");
      return {
        input: reports(where, "block", { member: user.id }),
        state: compare(blockOf(world, where, user), { blocked_by: where.mod.id }, null),
      };
    },
  }),
  simple({
    name: "reports unblock",
    covers: ["reports unblock"],
    statementSteps: ["report_blocks.delete"],
    done: /can file reports again/,
    async prepare({ world, where }) {
      const user = where.member("unblocked");
      await world.app.container.resolve(ReportSettingController).block(where.guild.id, user.id, where.mod.id);
      return {
        input: reports(where, "unblock", { member: user.id }),
        state: compare(blockOf(world, where, user), null, { blocked_by: where.mod.id }),
      };
    },
  }),
  simple({
    name: "report dismiss",
    covers: ["modal:rpt-dismiss-m"],
    statementSteps: ["reports.update", "report_events.insert"],
    done: /^You dismissed report #\d+/,
    async prepare({ world, where }) {
      const id = await reportAbout(world, where, where.member("reported"));
      const customId = world.app.container.resolve(ComponentSigner).sign(`rpt-dismiss-m:${id}`);
      return {
        input: { userId: where.mod.id, modal: { customId, fields: { reason: "matrix" } } },
        scopes: { "report_events.insert": where.mod.id },
        state: compare(
          reportState(world, id),
          { status: "dismissed", events: 2 },
          { status: "open", events: 1 },
        ),
      };
    },
  }),
  fromReport({
    name: "report warn",
    command: "warn",
    prefix: "rpt-warn-m",
    type: CaseType.Warn,
    steps: ["dm", "modlog"],
    done: /^Warned \*\*/,
    options: (target) => ({ user: target.id, reason: "matrix" }),
    fields: () => ({ reason: "matrix" }),
  }),
  fromReport({
    name: "report timeout",
    command: "timeout",
    prefix: "rpt-timeout-m",
    type: CaseType.Timeout,
    steps: ["dm", "act", "modlog"],
    done: /^Timed out \*\*/,
    options: (target) => ({ user: target.id, duration: "1h", reason: "matrix" }),
    fields: () => ({ duration: "1h", reason: "matrix" }),
    effect: timedOut,
  }),
  fromReport({
    name: "report ban",
    command: "ban",
    prefix: "rpt-ban-m",
    type: CaseType.Ban,
    steps: ["dm", "act", "modlog"],
    done: /^Banned \*\*/,
    options: (target) => ({ user: target.id, reason: "matrix" }),
    fields: () => ({ reason: "matrix" }),
    effect: (where, target) => where.guild.bans.has(target.id),
  }),
];
