import pino from "pino";
import { Writable } from "node:stream";
import { replyForError } from "../../src/bot/error-replies";
import {
  ConflictError,
  DatabaseUnavailableError,
  NotFoundError,
  ValidationError,
} from "../../src/database/errors";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("replyForError", () => {
  it("turns a ValidationError into which option and why", () => {
    const { logger, lines } = capture();
    const reply = replyForError(new ValidationError({ duration: ["must be at most 4w"] }), logger);
    expect(reply).toEqual({
      content: "That didn't work:\n• `duration`: must be at most 4w",
      ephemeral: true,
    });
    expect(lines).toHaveLength(0);
  });

  it("shows an expected failure's own message and logs nothing", () => {
    const { logger, lines } = capture();
    expect(replyForError(new NotFoundError("Case", { number: 7 }), logger).content).toBe("Case not found");
    expect(replyForError(new ConflictError("uq", "that name is taken"), logger).content).toBe(
      "that name is taken",
    );
    expect(lines).toHaveLength(0);
  });

  it("says the database is unavailable without internals", () => {
    const { logger } = capture();
    const reply = replyForError(new DatabaseUnavailableError("ECONNREFUSED 127.0.0.1:5432"), logger);
    expect(reply.content).toBe("The database is unavailable right now; try again shortly.");
  });

  it("logs anything else in full under an incident id that the reply names, and nothing more", () => {
    const { logger, lines } = capture();
    const reply = replyForError(new TypeError("cannot read properties of undefined (reading 'id')"), logger, {
      command: "warn",
    });
    expect(reply.incidentId).toMatch(/^[0-9a-f]{8}$/);
    expect(reply.content).toContain(reply.incidentId);
    expect(reply.content).not.toMatch(/TypeError|undefined/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      incidentId: reply.incidentId,
      command: "warn",
      msg: "unexpected error",
    });
    expect((lines[0]?.err as { stack?: string }).stack).toMatch(/TypeError/);
  });
});
