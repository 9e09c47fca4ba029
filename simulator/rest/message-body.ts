import { MessageFlags, type APIEmbed } from "discord-api-types/v10";
import { apiErrors } from "../core/api-error";
import { generateSnowflake } from "../core/snowflake";
import type { SimAttachment, SimComponents } from "../types";
import type { MessageContent } from "../world/messages";
import { asRecord, optionalArray, optionalNumber, optionalString } from "./fields";
import type { UploadedFile } from "./router";

const SETTABLE_FLAGS =
  MessageFlags.SuppressEmbeds |
  MessageFlags.Ephemeral |
  MessageFlags.SuppressNotifications |
  MessageFlags.IsComponentsV2;

/** A new message from a REST body, with Discord's limits (2000 chars, 10 embeds, 6000 embed chars…). */
export function parseNewMessage(body: unknown, files: UploadedFile[]): MessageContent {
  const patch = parseMessagePatch(body, files);
  const content: MessageContent = {
    content: patch.content ?? "",
    embeds: patch.embeds ?? [],
    components: patch.components ?? [],
    flags: patch.flags ?? 0,
    attachments: patch.attachments ?? [],
  };
  if (patch.allowedMentions !== undefined) content.allowedMentions = patch.allowedMentions;
  const empty =
    content.content === "" &&
    content.embeds.length === 0 &&
    content.components.length === 0 &&
    content.attachments.length === 0;
  const record = asRecord(body);
  if (empty && record.sticker_ids === undefined && record.poll === undefined) throw apiErrors.emptyMessage();
  return content;
}

/** The fields a PATCH (or create) body sets; absent fields stay undefined. */
export function parseMessagePatch(body: unknown, files: UploadedFile[]): Partial<MessageContent> {
  const record = asRecord(body);
  const patch: Partial<MessageContent> = {};
  const content = record.content === null ? "" : optionalString(record, "content");
  if (content !== undefined) {
    if (content.length > 2000) throw apiErrors.invalidForm("content", "Must be 2000 or fewer in length.");
    patch.content = content;
  }
  const embeds = record.embeds === null ? [] : optionalArray(record, "embeds");
  if (embeds !== undefined) patch.embeds = checkEmbeds(embeds);
  const components = record.components === null ? [] : optionalArray(record, "components");
  if (components !== undefined) patch.components = checkComponents(components);
  const flags = optionalNumber(record, "flags");
  if (flags !== undefined) patch.flags = flags & SETTABLE_FLAGS;
  if (record.allowed_mentions !== undefined) patch.allowedMentions = record.allowed_mentions;
  if (files.length > 0 || record.attachments !== undefined) patch.attachments = attachmentsOf(record, files);
  if (((patch.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0 && (patch.content || patch.embeds?.length)) {
    throw apiErrors.invalidForm(
      "content",
      "Content and embeds cannot be used with the IS_COMPONENTS_V2 flag.",
    );
  }
  return patch;
}

function checkEmbeds(embeds: unknown[]): APIEmbed[] {
  if (embeds.length > 10) throw apiErrors.invalidForm("embeds", "Must be 10 or fewer in length.");
  let total = 0;
  embeds.forEach((raw, index) => {
    const embed = asRecord(raw);
    const at = `embeds.${index}`;
    total += limit(embed.title, 256, `${at}.title`) + limit(embed.description, 4096, `${at}.description`);
    total += limit(asRecord(embed.footer).text, 2048, `${at}.footer.text`);
    total += limit(asRecord(embed.author).name, 256, `${at}.author.name`);
    const fields = optionalArray(embed, "fields") ?? [];
    if (fields.length > 25) throw apiErrors.invalidForm(`${at}.fields`, "Must be 25 or fewer in length.");
    fields.forEach((rawField, fieldIndex) => {
      const field = asRecord(rawField);
      const name = limit(field.name, 256, `${at}.fields.${fieldIndex}.name`);
      const value = limit(field.value, 1024, `${at}.fields.${fieldIndex}.value`);
      if (name === 0 || value === 0) {
        throw apiErrors.invalidForm(`${at}.fields.${fieldIndex}`, "Field name and value are required.");
      }
      total += name + value;
    });
  });
  if (total > 6000) throw apiErrors.invalidForm("embeds", "Embed size exceeds maximum size of 6000");
  return embeds as APIEmbed[];
}

function limit(value: unknown, max: number, path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== "string") throw apiErrors.invalidForm(path, "Must be a string.");
  if (value.length > max) throw apiErrors.invalidForm(path, `Must be ${max} or fewer in length.`);
  return value.length;
}

function checkComponents(components: unknown[]): SimComponents {
  components.forEach((component, index) => {
    if (typeof asRecord(component).type !== "number") {
      throw apiErrors.invalidForm(`components.${index}.type`, "This field is required");
    }
  });
  return components as SimComponents;
}

function attachmentsOf(record: Record<string, unknown>, files: UploadedFile[]): SimAttachment[] {
  const uploaded = files.map((file) => ({
    id: generateSnowflake(),
    filename: file.filename,
    size: file.size,
    data: file.data,
  }));
  const kept = (optionalArray(record, "attachments") ?? []).flatMap((raw) => {
    const attachment = asRecord(raw);
    const id = attachment.id;
    return typeof id === "string" && typeof attachment.filename === "string" && !/^\d{1,2}$/.test(id)
      ? [
          {
            id,
            filename: attachment.filename,
            size: typeof attachment.size === "number" ? attachment.size : 0,
          },
        ]
      : [];
  });
  return [...kept, ...uploaded];
}
