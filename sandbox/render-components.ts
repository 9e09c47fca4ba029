import { ComponentType } from "discord-api-types/v10";
import { buttonInfo, childrenOf, isRecord, selectInfo, SELECT_TYPES, text } from "./components";
import { modalFields } from "./modal";
import { renderText, type NameBook } from "./render-text";

const SELECT_KINDS: Partial<Record<number, string>> = {
  [ComponentType.UserSelect]: "a member",
  [ComponentType.RoleSelect]: "a role",
  [ComponentType.MentionableSelect]: "a member or role",
  [ComponentType.ChannelSelect]: "a channel",
};

/** Components as lines: an action row's buttons and selects on one line, v2 text displays as text. */
export function renderComponents(components: readonly unknown[], names: NameBook): string[] {
  return components.filter(isRecord).flatMap((component) => renderComponent(component, names));
}

function renderComponent(component: Record<string, unknown>, names: NameBook): string[] {
  switch (component.type) {
    case ComponentType.ActionRow: {
      const parts = childrenOf(component)
        .filter(isRecord)
        .map((child) => inline(child));
      return parts.length > 0 ? [parts.join(" ")] : [];
    }
    case ComponentType.TextDisplay:
      return renderText(text(component.content), names).split("\n");
    case ComponentType.Separator:
      return ["---"];
    case ComponentType.Button:
    case ComponentType.StringSelect:
    case ComponentType.UserSelect:
    case ComponentType.RoleSelect:
    case ComponentType.MentionableSelect:
    case ComponentType.ChannelSelect:
      return [inline(component)];
    default:
      return renderComponents(childrenOf(component), names);
  }
}

/** `[Label]`, `[Label](url)`, `[Label (disabled)]` or `(select "placeholder": A | B)`. */
function inline(component: Record<string, unknown>): string {
  if (component.type === ComponentType.Button) {
    const button = buttonInfo(component);
    const label = button.disabled ? `${button.label} (disabled)` : button.label;
    return button.url ? `[${label}](${button.url})` : `[${label}]`;
  }
  if (SELECT_TYPES.has(component.type as number)) {
    const select = selectInfo(component);
    const choices =
      select.options.map((option) => option.label).join(" | ") || SELECT_KINDS[select.type] || "?";
    const placeholder = select.placeholder ? ` "${select.placeholder}"` : "";
    return `(select${placeholder}${select.disabled ? " (disabled)" : ""}: ${choices})`;
  }
  return "";
}

/** A modal: its title, one line per field, and how to answer it. */
export function renderModal(
  modal: { title: string; components: readonly unknown[] },
  names: NameBook,
): string[] {
  const fields = modalFields(modal.components);
  const lines = [`modal "${renderText(modal.title, names)}"`];
  for (const field of fields) {
    const notes = [
      field.paragraph ? "paragraph" : "",
      field.choices ? `one of ${field.choices.join(", ")}` : "",
      field.required ? "required" : "optional",
    ].filter(Boolean);
    lines.push(`  ${field.customId}: ${field.label || field.customId} (${notes.join(", ")})`);
  }
  const example = fields.map((field) => `${field.customId}:"…"`).join(" ");
  lines.push(`answer with: submit ${example}`.trimEnd());
  return lines;
}
