import { ComponentSigner } from "../../../src/bot/component-signer";
import { AppealController } from "../../../src/controllers/appeal-controller";
import { AppealSettingsController } from "../../../src/controllers/appeal-settings-controller";
import { CaseController } from "../../../src/controllers/case-controller";
import { CaseType } from "../../../src/entities";
import type { SimUser } from "../../../simulator";
import type { FaultWorld, WorldGuild } from "./fault-world";
import { routesFor } from "./moderation-routes";
import { compare, one, simple } from "./row-kit";
import { APPLIED, UNTOUCHED, type ActionRow, type RunContext } from "./rows";

const settingsOf = (world: FaultWorld, where: WorldGuild) => () =>
  one(
    world,
    `SELECT channel_id::text AS channel, delay_seconds AS delay FROM appeal_settings WHERE guild_id = $1`,
    [where.guild.id],
  );

interface Appealable {
  target: SimUser;
  banCaseId: number;
  banNumber: number;
}

/** A member banned (on Discord and by a case) in a guild that takes appeals, in the appeals channel (the mod log). */
async function bannedMember({ world, where }: RunContext, name: string): Promise<Appealable> {
  const target = where.member(name);
  where.guild.removeMember(target.id);
  where.guild.bans.set(target.id, { userId: target.id, reason: "matrix" });
  const ban = await world.app.container.resolve(CaseController).createCase({
    guildId: where.guild.id,
    type: CaseType.Ban,
    targetId: target.id,
    moderatorId: where.mod.id,
    reason: "matrix",
  });
  await world.app.container.resolve(AppealSettingsController).setChannel(where.guild.id, where.modLog.id);
  return { target, banCaseId: ban.id, banNumber: ban.number };
}

/** The member's appeal, stored (not posted: a decision then has no post to edit). */
async function openAppeal(context: RunContext, name: string): Promise<Appealable & { appealId: number }> {
  const banned = await bannedMember(context, name);
  const appeal = await context.world.app.container.resolve(AppealController).submit(
    {
      guildId: context.where.guild.id,
      banCaseId: banned.banCaseId,
      userId: banned.target.id,
      text: "matrix",
    },
    banned.banNumber,
  );
  return { ...banned, appealId: appeal.id };
}

const sign = (world: FaultWorld, customId: string) =>
  world.app.container.resolve(ComponentSigner).sign(customId);

async function appealState(world: FaultWorld, appealId: number) {
  return one<{ status: string; unban: number | null; reason: string | null }>(
    world,
    `SELECT status, unban_case_id AS unban, decision_reason AS reason FROM appeals WHERE id = $1`,
    [appealId],
  );
}

/** /appeals and the appeals' own forms and buttons. */
export const APPEAL_ROWS: readonly ActionRow[] = [
  simple({
    name: "appeals channel",
    covers: ["appeals channel"],
    statementSteps: ["appeal_settings.write"],
    done: /^Appeals are on/,
    prepare: async ({ world, where }) => ({
      input: {
        userId: where.guild.ownerId,
        name: "appeals",
        subcommand: "channel",
        options: { channel: where.modLog.id },
      },
      state: compare(settingsOf(world, where), { channel: where.modLog.id, delay: 0 }, null),
    }),
  }),
  simple({
    name: "appeals delay",
    covers: ["appeals delay"],
    statementSteps: ["appeal_settings.write"],
    done: /^Banned members can appeal \S+ after their ban/,
    prepare: async ({ world, where }) => ({
      input: {
        userId: where.guild.ownerId,
        name: "appeals",
        subcommand: "delay",
        options: { duration: "7d" },
      },
      state: compare(settingsOf(world, where), { channel: null, delay: 604_800 }, null),
    }),
  }),
  {
    name: "appeal form",
    covers: ["modal:appeal-form"],
    discordSteps: ["lookup", "modlog"],
    statementSteps: ["appeals.insert", "appeal_events.insert"],
    done: /^Your appeal was sent/,
    async prepare(context) {
      const { world, where } = context;
      const banned = await bannedMember(context, "appeal-form-target");
      const payload = `${where.guild.id}.${String(banned.banCaseId)}`;
      return {
        input: {
          userId: banned.target.id,
          dmModal: { customId: sign(world, `appeal-form:${payload}`), fields: { reason: "matrix" } },
        },
        routes: routesFor(context, CaseType.Unban, banned.target),
        scopes: { "appeal_events.insert": banned.target.id },
        state: compare(
          async () =>
            (
              await one(world, `SELECT count(*)::int AS n FROM appeals WHERE ban_case_id = $1`, [
                banned.banCaseId,
              ])
            )?.n,
          1,
          0,
        ),
      };
    },
  },
  {
    name: "appeal accept",
    covers: ["component:appeal-accept"],
    discordSteps: ["lookup", "act", "modlog", "dm"],
    statementSteps: [
      "cases.insert",
      "appeals.decide",
      "appeal_events.insert",
      "cases.confirm",
      { step: "cases.void", after: { step: "act", fault: "403" } },
    ],
    done: /^Appeal #\d+ accepted/,
    async prepare(context) {
      const { world, where } = context;
      const appeal = await openAppeal(context, "appeal-accept-target");
      const post = world.sim.postMessage({
        channelId: where.modLog.id,
        userId: where.mod.id,
        content: "appeal",
      });
      return {
        input: {
          userId: where.mod.id,
          button: { customId: sign(world, `appeal-accept:${String(appeal.appealId)}`), messageId: post.id },
        },
        routes: routesFor(context, CaseType.Unban, appeal.target),
        scopes: { "appeal_events.insert": where.mod.id },
        async state() {
          const unbans = await world.sql<{ id: number; pending: boolean }>(
            `SELECT id, pending FROM cases WHERE guild_id = $1 AND target_id = $2 AND type = 'unban' AND NOT voided`,
            [where.guild.id, appeal.target.id],
          );
          const decided = await appealState(world, appeal.appealId);
          const banned = where.guild.bans.has(appeal.target.id);
          const [unban] = unbans;
          if (unbans.length === 0 && decided?.status === "open" && banned) return UNTOUCHED;
          if (
            unbans.length === 1 &&
            !unban?.pending &&
            decided?.status === "accepted" &&
            decided.unban === unban?.id &&
            !banned
          )
            return APPLIED;
          return `half done: ${JSON.stringify({ unbans, decided, banned })}`;
        },
      };
    },
  },
  {
    name: "appeal reject",
    covers: ["modal:appeal-reject-form"],
    discordSteps: ["dm"],
    statementSteps: ["appeals.decide", "appeal_events.insert"],
    done: /^Appeal #\d+ rejected/,
    async prepare(context) {
      const { world, where } = context;
      const appeal = await openAppeal(context, "appeal-reject-target");
      return {
        input: {
          userId: where.mod.id,
          modal: {
            customId: sign(world, `appeal-reject-form:${String(appeal.appealId)}`),
            fields: { reason: "matrix" },
          },
        },
        routes: routesFor(context, CaseType.Unban, appeal.target),
        scopes: { "appeal_events.insert": where.mod.id },
        state: compare(
          () => appealState(world, appeal.appealId),
          { status: "rejected", unban: null, reason: "matrix" },
          { status: "open", unban: null, reason: null },
        ),
      };
    },
  },
];
