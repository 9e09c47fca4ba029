import { invalid } from "../../../errors/validation-error";

const SNOWFLAKE = /^\d{17,20}$/;
const LINK =
  /^https?:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/(\d{17,20})\/(\d{17,20})\/(\d{17,20})\/?$/;

/**
 * A message link or id given as `before`/`after`: the message id. A link must point into this guild's
 * channel being purged (a message elsewhere bounds nothing here).
 */
export function messageIdOf(
  text: string,
  option: string,
  where: { guildId: string; channelId: string },
): string {
  const trimmed = text.trim();
  if (SNOWFLAKE.test(trimmed)) return trimmed;
  const link = LINK.exec(trimmed);
  if (!link) throw invalid(option, "channels.message_ref_format");
  if (link[1] !== where.guildId || link[2] !== where.channelId) {
    throw invalid(option, "channels.message_ref_elsewhere", { channelId: where.channelId });
  }
  return link[3] as string;
}
