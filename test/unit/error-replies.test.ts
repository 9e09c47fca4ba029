import pino from "pino";
import { Writable } from "node:stream";
import { replyForError } from "../../src/bot/error-replies";
import {
  ConflictError,
  DatabaseUnavailableError,
  ForeignKeyViolationError,
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
    expect(lines).toHaveLength(0);
  });

  it("names a constraint's rule in words, never PostgreSQL's detail, which only the log keeps", () => {
    const { logger, lines } = capture();
    const detail = "Key (guild_id, name_key)=(123456789012345678, secret-plans) already exists.";
    const tag = replyForError(new ConflictError("ux_tags_name", detail), logger, { command: "tag create" });
    expect(tag).toEqual({ content: "A tag with that name already exists.", ephemeral: true });
    const unknown = replyForError(new ConflictError("PK_0123456789abcdef", detail), logger);
    expect(unknown.content).toBe("That conflicts with something that already exists.");
    const worded = replyForError(new ConflictError("uq", undefined, "That name is taken."), logger);
    expect(worded.content).toBe("That name is taken.");
    const orphan = replyForError(
      new ForeignKeyViolationError(
        "FK_8daed86216f3728d44a49f171bf",
        'Key (group_id)=(42) is not present in table "member_groups".',
      ),
      logger,
    );
    expect(orphan.content).toBe(
      "That refers to something that no longer exists, or something else still depends on it.",
    );
    for (const reply of [tag, unknown, orphan])
      expect(reply.content).not.toMatch(/Key \(|secret-plans|member_groups/);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      command: "tag create",
      msg: "a database constraint refused the write",
      err: { constraint: "ux_tags_name", detail },
    });
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
