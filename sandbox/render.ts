import type { APIEmbed } from "discord-api-types/v10";
import { renderComponents, renderModal } from "./render-components";
import { renderText, type NameBook } from "./render-text";

export type { NameBook };

/** What the renderer reads of a simulator message. */
export interface RenderableMessage {
  content: string;
  embeds: readonly APIEmbed[];
  components: readonly unknown[];
  ephemeral: boolean;
  choices?: readonly { name: string; value: string | number }[];
  modal?: { custom_id: string; title: string; components: readonly unknown[] };
}

export const EPHEMERAL_NOTE = "(only you can see this)";
const EMBED_BAR = "| ";

/** A message as readable lines: content, embeds (`| ` in front), buttons, selects, a modal or choices. */
export function renderMessage(message: RenderableMessage, names: NameBook): string[] {
  if (message.modal) return renderModal(message.modal, names);
  const lines: string[] = [];
  if (message.ephemeral) lines.push(EPHEMERAL_NOTE);
  if (message.content !== "") lines.push(...renderText(message.content, names).split("\n"));
  for (const embed of message.embeds)
    lines.push(...renderEmbed(embed, names).map((line) => EMBED_BAR + line));
  lines.push(...renderComponents(message.components, names));
  if (message.choices) {
    const choices = message.choices.map((choice) => `${choice.name} (${String(choice.value)})`);
    lines.push(`choices: ${choices.join(", ") || "none"}`);
  }
  if (lines.length === 0 || (lines.length === 1 && message.ephemeral)) lines.push("(an empty message)");
  return lines.map((line) => line.trimEnd());
}

/** An embed as lines: author, title, description, `name: value` fields, footer. No colours or timestamps. */
export function renderEmbed(embed: APIEmbed, names: NameBook): string[] {
  const lines: string[] = [];
  const text = (value: string): string[] => renderText(value, names).split("\n");
  if (embed.author?.name) lines.push(...text(embed.author.name));
  if (embed.title) lines.push(...text(embed.title));
  if (embed.description) lines.push(...text(embed.description));
  for (const field of embed.fields ?? []) {
    const [first = "", ...more] = text(field.value);
    lines.push(`${renderText(field.name, names)}: ${first}`, ...more.map((line) => `  ${line}`));
  }
  if (embed.footer?.text) lines.push(...text(embed.footer.text).map((line) => `-- ${line}`));
  return lines.length > 0 ? lines : ["(an empty embed)"];
}
