import { ComponentType } from "discord-api-types/v10";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Finds a component by custom_id anywhere in a message's (or modal's) component tree. */
export function findComponent(
  components: readonly unknown[],
  customId: string,
): Record<string, unknown> | undefined {
  for (const component of components) {
    if (!isRecord(component)) continue;
    if (component.custom_id === customId) return component;
    const children = [
      ...(Array.isArray(component.components) ? component.components : []),
      ...(component.accessory === undefined ? [] : [component.accessory]),
      ...(component.component === undefined ? [] : [component.component]),
    ];
    const found = findComponent(children, customId);
    if (found) return found;
  }
  return undefined;
}

/** The component type of `customId` on the message, or the fallback when it is not there. */
export function componentTypeOf(
  components: readonly unknown[],
  customId: string,
  fallback: ComponentType,
): ComponentType {
  const type = findComponent(components, customId)?.type;
  return typeof type === "number" && type in ComponentType ? (type as ComponentType) : fallback;
}

const LABEL = 18;

/**
 * The `data.components` of a modal submission, mirroring the modal the bot showed (action rows or
 * labels) when it is known, else one action row per text input.
 */
export function modalSubmitComponents(
  shown: readonly unknown[] | undefined,
  fields: Record<string, string>,
): unknown[] {
  if (!shown) {
    return Object.entries(fields).map(([customId, value]) => ({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
    }));
  }
  return shown.filter(isRecord).flatMap((component): unknown[] => {
    if (component.type === LABEL && isRecord(component.component)) {
      const inner = submittedValue(component.component, fields);
      return inner ? [{ type: LABEL, id: component.id, component: inner }] : [];
    }
    if (component.type === ComponentType.ActionRow && Array.isArray(component.components)) {
      const inner = component.components
        .filter(isRecord)
        .flatMap((child) => submittedValue(child, fields) ?? []);
      return inner.length > 0 ? [{ type: ComponentType.ActionRow, id: component.id, components: inner }] : [];
    }
    return [];
  });
}

function submittedValue(
  component: Record<string, unknown>,
  fields: Record<string, string>,
): Record<string, unknown> | null {
  const customId = component.custom_id;
  if (typeof customId !== "string" || !(customId in fields)) return null;
  const value = fields[customId] as string;
  const base = { type: component.type, id: component.id, custom_id: customId };
  return component.type === ComponentType.TextInput
    ? { ...base, value }
    : { ...base, values: value === "" ? [] : value.split(",") };
}
