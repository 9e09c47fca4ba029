import { ButtonStyle, ComponentType } from "discord-api-types/v10";

/** A button as the sandbox sees it. */
export interface ButtonInfo {
  label: string;
  customId: string | undefined;
  url: string | undefined;
  disabled: boolean;
}

/** A select menu as the sandbox sees it. */
export interface SelectInfo {
  type: ComponentType;
  customId: string;
  placeholder: string;
  options: { label: string; value: string }[];
  disabled: boolean;
}

export const SELECT_TYPES = new Set<number>([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The children of a component: an action row's or container's components, a section's accessory… */
export function childrenOf(component: Record<string, unknown>): unknown[] {
  return [
    ...(Array.isArray(component.components) ? (component.components as unknown[]) : []),
    ...(component.accessory === undefined ? [] : [component.accessory]),
    ...(component.component === undefined ? [] : [component.component]),
  ];
}

/** Every component in the tree, depth first. */
export function walk(components: readonly unknown[]): Record<string, unknown>[] {
  return components.filter(isRecord).flatMap((component) => [component, ...walk(childrenOf(component))]);
}

export function buttonInfo(component: Record<string, unknown>): ButtonInfo {
  const emoji = isRecord(component.emoji) ? text(component.emoji.name) : "";
  const url = component.style === ButtonStyle.Link ? text(component.url) : "";
  return {
    label: text(component.label) || emoji || "?",
    customId: text(component.custom_id) || undefined,
    url: url || undefined,
    disabled: component.disabled === true,
  };
}

export function selectInfo(component: Record<string, unknown>): SelectInfo {
  const options = Array.isArray(component.options) ? (component.options as unknown[]) : [];
  return {
    type: component.type as ComponentType,
    customId: text(component.custom_id),
    placeholder: text(component.placeholder),
    options: options
      .filter(isRecord)
      .map((option) => ({ label: text(option.label), value: text(option.value) })),
    disabled: component.disabled === true,
  };
}

export function buttonsIn(components: readonly unknown[]): ButtonInfo[] {
  return walk(components)
    .filter((component) => component.type === ComponentType.Button)
    .map(buttonInfo);
}

export function selectsIn(components: readonly unknown[]): SelectInfo[] {
  return walk(components)
    .filter((component) => SELECT_TYPES.has(component.type as number))
    .map(selectInfo);
}
