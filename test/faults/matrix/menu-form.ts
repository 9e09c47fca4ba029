import type { SimUser } from "../../../simulator";
import type { ModalSpec, RunContext } from "./rows";

/** How long opening a menu's form may take while a row is prepared (no fault is armed yet). */
const OPEN_WAIT_MS = 15_000;

/** Opens the member menu `name` on `target` as the guild's moderator; its form, ready to send filled in. */
export async function openForm(
  { world, where }: RunContext,
  name: string,
  target: SimUser,
  values: Record<string, string | number | boolean>,
): Promise<ModalSpec> {
  const opened = await world.sim
    .userMenu({ guildId: where.guild.id, userId: where.mod.id, name, targetId: target.id })
    .answer(OPEN_WAIT_MS);
  if (!opened.modal) throw new Error(`the "${name}" menu opened no form: ${opened.content}`);
  const fields = Object.fromEntries(
    Object.entries(values).flatMap(([field, value]) => (field === "user" ? [] : [[field, String(value)]])),
  );
  return { userId: where.mod.id, modal: { customId: opened.modal.custom_id, fields } };
}

/**
 * Opens the message menu `name` as the guild's moderator on a new message in the guild's first channel, or
 * as `on.userId` on the message `on.messageId`.
 */
export async function openMessageForm(
  { world, where }: RunContext,
  name: string,
  fields: Record<string, string>,
  on?: { userId: string; messageId: string },
): Promise<ModalSpec> {
  const userId = on?.userId ?? where.mod.id;
  const targetId = on?.messageId ?? seedOne(world, where.guild.firstTextChannel().id, userId);
  const opened = await world.sim
    .messageMenu({ guildId: where.guild.id, userId, name, targetId })
    .answer(OPEN_WAIT_MS);
  if (!opened.modal) throw new Error(`the "${name}" menu opened no form: ${opened.content}`);
  return { userId, modal: { customId: opened.modal.custom_id, fields } };
}

function seedOne(world: RunContext["world"], channelId: string, authorId: string): string {
  const [message] = world.sim.seedHistory(channelId, [{ authorId, at: Date.now(), content: "matrix" }]);
  if (!message) throw new Error("no message seeded");
  return message.id;
}
