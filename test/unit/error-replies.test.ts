import pino from "pino";
import { Writable } from "node:stream";
import { replyForError } from "../../src/bot/error-replies";
import {
  ConflictError,
  DatabaseUnavailableError,
  ForeignKeyViolationError,
  NotFoundError,
  SavedNumberUnknownError,
} from "../../src/errors/database-errors";
import { Case } from "../../src/entities";
import { ValidationError } from "../../src/errors/validation-error";
import { translator } from "../../src/i18n/translator";

const en = translator("en");
const de = translator("de");

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
    const error = new ValidationError({
      duration: [{ id: "validation.duration_too_long", values: { max: "4w" } }],
    });
    expect(replyForError(error, logger, en)).toEqual({
      content: "That didn't work:\n• `duration`: must be at most 4w",
      ephemeral: true,
    });
    expect(replyForError(error, logger, de).content).toBe(
      "Das hat nicht geklappt:\n• `duration`: darf höchstens 4w sein",
    );
    expect(lines).toHaveLength(0);
  });

  it("says a missing row no longer exists, and logs nothing", () => {
    const { logger, lines } = capture();
    expect(replyForError(new NotFoundError("Case", { number: 7 }), logger, en).content).toBe(
      "That no longer exists; it may have just been deleted.",
    );
    expect(lines).toHaveLength(0);
  });

  it("names a constraint's rule in words, never PostgreSQL's detail, which only the log keeps", () => {
    const { logger, lines } = capture();
    const detail = "Key (guild_id, name_key)=(123456789012345678, secret-plans) already exists.";
    const tag = replyForError(
      new ConflictError("ux_tags_name", { id: "errors.conflict_tag_name" }, detail),
      logger,
      en,
      { command: "tag create" },
    );
    expect(tag).toEqual({ content: "A tag with that name already exists.", ephemeral: true });
    const unknown = replyForError(
      new ConflictError("PK_0123456789abcdef", { id: "errors.conflict" }, detail),
      logger,
      en,
    );
    expect(unknown.content).toBe("That conflicts with something that already exists.");
    const worded = replyForError(new ConflictError("uq", { id: "errors.conflict_group_name" }), logger, de);
    expect(worded.content).toBe("Es gibt bereits eine Gruppe mit diesem Namen.");
    const orphan = replyForError(
      new ForeignKeyViolationError(
        "FK_8daed86216f3728d44a49f171bf",
        { id: "errors.foreign_key" },
        'Key (group_id)=(42) is not present in table "member_groups".',
      ),
      logger,
      en,
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
    const reply = replyForError(new DatabaseUnavailableError("ECONNREFUSED 127.0.0.1:5432"), logger, en);
    expect(reply.content).toBe("The database is unavailable right now; try again shortly.");
  });

  it("says a case was saved when only reading its number back failed, and never to try again", () => {
    const { logger, lines } = capture();
    const reply = replyForError(
      new SavedNumberUnknownError(new Case(), { cause: new Error("ECONNRESET") }),
      logger,
      en,
    );
    expect(reply.content).toBe(
      "Saved, but the database went away before I could read its case number; the case list shows it once the database is back.",
    );
    expect(reply.content).not.toMatch(/try again/i);
    expect(lines.map((line) => line.msg)).toEqual(["the database went away after a case was committed"]);
  });

  it("logs anything else in full under an incident id that the reply names, and nothing more", () => {
    const { logger, lines } = capture();
    const reply = replyForError(
      new TypeError("cannot read properties of undefined (reading 'id')"),
      logger,
      en,
      {
        command: "warn",
      },
    );
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
