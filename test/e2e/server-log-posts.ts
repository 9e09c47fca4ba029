import type { SimMessage } from "../../simulator/types";

/**
 * Every event line Warden posted in a log channel: a large batch's lines from its `server-log-*.txt` file
 * (its embed only shows the first few), other posts' lines from their embeds.
 */
export function postedLines(messages: readonly SimMessage[]): string[] {
  return messages.flatMap((message) => {
    const file = message.attachments.find((attachment) => attachment.filename.startsWith("server-log-"));
    if (file) return (file.data?.toString("utf8") ?? "").split("\n").filter((line) => line !== "");
    return message.embeds.flatMap((embed) => (embed.description ?? "").split("\n"));
  });
}
