/** An error the fake REST API answers with: HTTP status plus Discord's JSON error body. */
export class SimApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
    this.name = "SimApiError";
  }

  toBody(): { message: string; code: number; errors?: unknown } {
    return this.errors === undefined
      ? { message: this.message, code: this.code }
      : { message: this.message, code: this.code, errors: this.errors };
  }
}

export const apiErrors = {
  notFound: () => new SimApiError(404, 0, "404: Not Found"),
  unauthorized: () => new SimApiError(401, 0, "401: Unauthorized"),
  unknownChannel: () => new SimApiError(404, 10003, "Unknown Channel"),
  unknownOverwrite: () => new SimApiError(404, 10009, "Unknown Overwrite"),
  unknownGuild: () => new SimApiError(404, 10004, "Unknown Guild"),
  unknownMember: () => new SimApiError(404, 10007, "Unknown Member"),
  unknownMessage: () => new SimApiError(404, 10008, "Unknown Message"),
  unknownRole: () => new SimApiError(404, 10011, "Unknown Role"),
  unknownUser: () => new SimApiError(404, 10013, "Unknown User"),
  unknownWebhook: () => new SimApiError(404, 10015, "Unknown Webhook"),
  unknownBan: () => new SimApiError(404, 10026, "Unknown Ban"),
  unknownCommand: () => new SimApiError(404, 10063, "Unknown application command"),
  unknownInteraction: () => new SimApiError(404, 10062, "Unknown interaction"),
  alreadyAcknowledged: () => new SimApiError(400, 40060, "Interaction has already been acknowledged"),
  missingAccess: () => new SimApiError(403, 50001, "Missing Access"),
  missingPermissions: () => new SimApiError(403, 50013, "Missing Permissions"),
  bulkDeleteTooOld: () =>
    new SimApiError(400, 50034, "You can only bulk delete messages that are under 14 days old."),
  emptyMessage: () => new SimApiError(400, 50006, "Cannot send an empty message"),
  cannotEditOthers: () => new SimApiError(403, 50005, "Cannot edit a message authored by another user"),
  cannotMessageUser: () => new SimApiError(403, 50007, "Cannot send messages to this user"),
  invalidForm: (field: string, problem: string) =>
    new SimApiError(400, 50035, "Invalid Form Body", {
      [field]: { _errors: [{ code: "BASE_TYPE_INVALID", message: problem }] },
    }),
};
