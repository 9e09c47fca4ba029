import { ComponentType, TextInputStyle } from "discord-api-types/v10";
import type { SimMessage } from "../simulator";
import { childrenOf, isRecord, selectInfo, SELECT_TYPES, text } from "./components";
import { SandboxInputError } from "./errors";

/** A field of a modal: its custom id (what `submit` takes) and how the bot labelled it. */
export interface ModalField {
  customId: string;
  label: string;
  required: boolean;
  paragraph: boolean;
  /** For a select in the modal: the values it offers (answer several with a comma). */
  choices?: string[];
}

/** The modal the bot last opened for someone, waiting for `submit`. */
export interface OpenModal {
  customId: string;
  viewerId: string;
  channelId: string;
  fields: ModalField[];
}

export function openModal(message: SimMessage, viewerId: string, channelId: string): OpenModal | undefined {
  if (!message.modal) return undefined;
  return {
    customId: message.modal.custom_id,
    viewerId,
    channelId,
    fields: modalFields(message.modal.components),
  };
}

/** The fields of a modal, in order (action rows of text inputs, or label components). */
export function modalFields(components: readonly unknown[]): ModalField[] {
  return components.filter(isRecord).flatMap((component): ModalField[] => {
    const required = component.required !== false;
    if (component.type === ComponentType.TextInput) {
      const paragraph = component.style === TextInputStyle.Paragraph;
      return [{ customId: text(component.custom_id), label: text(component.label), required, paragraph }];
    }
    if (SELECT_TYPES.has(component.type as number)) {
      const select = selectInfo(component);
      const choices = select.options.map((option) => option.value);
      return [{ customId: select.customId, label: select.placeholder, required, paragraph: false, choices }];
    }
    const label = component.type === ComponentType.Label ? text(component.label) : "";
    return modalFields(childrenOf(component)).map((field) => (label ? { ...field, label } : field));
  });
}

/** Refuses fields the modal does not have and required ones left out. */
export function checkAnswers(modal: OpenModal, fields: Record<string, string>): void {
  const known = modal.fields.map((field) => field.customId);
  for (const key of Object.keys(fields)) {
    if (!known.includes(key)) {
      throw new SandboxInputError(`the modal has no field ${key} (fields: ${known.join(", ")})`);
    }
  }
  const missing = modal.fields.filter((field) => field.required && !(field.customId in fields));
  if (missing.length > 0) {
    throw new SandboxInputError(`the modal needs ${missing.map((field) => `${field.customId}:`).join(" ")}`);
  }
}
