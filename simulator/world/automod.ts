import {
  AuditLogEvent,
  AutoModerationActionType,
  AutoModerationRuleTriggerType,
  GatewayDispatchEvents,
  PermissionFlagsBits,
  type APIAutoModerationRule,
} from "discord-api-types/v10";
import { generateSnowflake } from "../core/snowflake";
import type { SimUser } from "../types";
import type { SimGuild } from "./guild";
import type { World } from "./world";

export interface SimAutoModRule {
  id: string;
  guildId: string;
  name: string;
  creatorId: string;
}

/** What AutoMod did to one message of a member: blocked it, or timed the member out. */
export interface AutoModTrigger {
  guildId: string;
  ruleId: string;
  userId: string;
  action: "block" | "timeout";
  /** For a timeout. */
  durationSeconds?: number;
  channelId?: string;
  content: string;
  matchedKeyword?: string | null;
}

/**
 * Discord's AutoMod as bots see it: rules (`GET /guilds/:guild/auto-moderation/rules/:rule`, Manage
 * Server), and for each action an audit entry (143 block, 145 timeout, by the AutoMod system user) and
 * AUTO_MODERATION_ACTION_EXECUTION, sent only to bots with Manage Server (content redacted without the
 * MessageContent intent). A timeout also changes the member (GUILD_MEMBER_UPDATE).
 */
export class AutoMod {
  readonly rules = new Map<string, SimAutoModRule>();
  private systemUser: SimUser | undefined;

  constructor(private readonly world: World) {}

  createRule(init: { guildId: string; name: string; creatorId?: string }): SimAutoModRule {
    const guild = this.world.guild(init.guildId);
    const rule: SimAutoModRule = {
      id: generateSnowflake(this.world.clock()),
      guildId: guild.id,
      name: init.name,
      creatorId: init.creatorId ?? guild.ownerId,
    };
    this.rules.set(rule.id, rule);
    return rule;
  }

  trigger(input: AutoModTrigger): void {
    const guild = this.world.guild(input.guildId);
    const rule = this.rules.get(input.ruleId);
    if (!rule || rule.guildId !== guild.id)
      throw new Error(`guild ${guild.id} has no AutoMod rule ${input.ruleId}`);
    const channelId = input.channelId ?? guild.firstTextChannel().id;
    const timeout = input.action === "timeout";
    const durationSeconds = input.durationSeconds ?? 60;
    if (timeout) {
      guild.updateMember(input.userId, (member) => {
        member.communicationDisabledUntil = new Date(
          this.world.clock() + durationSeconds * 1000,
        ).toISOString();
      });
    }
    guild.recordAudit({
      actionType: timeout
        ? AuditLogEvent.AutoModerationUserCommunicationDisabled
        : AuditLogEvent.AutoModerationBlockMessage,
      userId: this.autoModUser().id,
      targetId: input.userId,
      reason: null,
      options: {
        auto_moderation_rule_name: rule.name,
        auto_moderation_rule_trigger_type: `${AutoModerationRuleTriggerType.Keyword}`,
        channel_id: channelId,
      },
    });
    if ((guild.permissionsOf(this.world.botUser.id) & PermissionFlagsBits.ManageGuild) === 0n) return;
    const action = timeout
      ? { type: AutoModerationActionType.Timeout, metadata: { duration_seconds: durationSeconds } }
      : { type: AutoModerationActionType.BlockMessage, metadata: {} };
    this.world.events.dispatch(
      GatewayDispatchEvents.AutoModerationActionExecution,
      {
        guild_id: guild.id,
        action,
        rule_id: rule.id,
        rule_trigger_type: AutoModerationRuleTriggerType.Keyword,
        user_id: input.userId,
        channel_id: channelId,
        content: input.content,
        matched_keyword: input.matchedKeyword ?? null,
        matched_content: input.matchedKeyword ? input.matchedKeyword : null,
      },
      guild.id,
    );
  }

  ruleToApi(rule: SimAutoModRule): APIAutoModerationRule {
    return {
      id: rule.id,
      guild_id: rule.guildId,
      name: rule.name,
      creator_id: rule.creatorId,
      event_type: 1,
      trigger_type: AutoModerationRuleTriggerType.Keyword,
      trigger_metadata: {},
      actions: [],
      enabled: true,
      exempt_roles: [],
      exempt_channels: [],
    };
  }

  ruleOf(guild: SimGuild, ruleId: string): SimAutoModRule | undefined {
    const rule = this.rules.get(ruleId);
    return rule?.guildId === guild.id ? rule : undefined;
  }

  /** Discord's AutoMod system user, who the audit log names for AutoMod's actions. */
  private autoModUser(): SimUser {
    this.systemUser ??= this.world.createUser({ username: "AutoMod", bot: true });
    return this.systemUser;
  }
}
