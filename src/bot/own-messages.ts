import type { Client } from "discord.js";

interface MessageCreateAction {
  handle(data: { author?: { id?: string } }): unknown;
}

/**
 * Discord sends every message Warden posts back to it as MESSAGE_CREATE (Warden asks for GuildMessages),
 * each interaction's reply included. discord.js then builds a Message (author, member, mentions,
 * collections), caches it and emits it to listeners that ignore bots anyway: about 57 µs per /ping, more
 * than Warden's whole router. Warden never needs its own messages from the gateway (what it sends, REST
 * hands back), so they are dropped before that work. This reaches into discord.js's internal
 * `client.actions`; a discord.js without it leaves everything as it was. Returns whether it is in place.
 */
export function skipOwnMessages(client: Client): boolean {
  const actions = (client as unknown as { actions?: { MessageCreate?: MessageCreateAction } }).actions;
  const action = actions?.MessageCreate;
  if (!action || typeof action.handle !== "function") return false;
  const handle = action.handle.bind(action);
  action.handle = (data) => {
    const own = client.user !== null && data.author?.id === client.user.id;
    return own ? {} : handle(data);
  };
  return true;
}
