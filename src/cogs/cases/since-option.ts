import { parseDuration } from "../../bot/duration";
import { invalid, ValidationError } from "../../errors/validation-error";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `since`: a date (2026-01-31, midnight UTC) or a time ago (30d); the handler gets the moment it means. */
export function sinceOption(now: () => number = Date.now): (text: string, option: string) => Date {
  return (text, option) => {
    const trimmed = text.trim();
    if (DATE.test(trimmed)) {
      const date = new Date(`${trimmed}T00:00:00Z`);
      if (!Number.isNaN(date.getTime())) return date;
    }
    try {
      return new Date(now() - parseDuration(trimmed, option));
    } catch (error) {
      if (error instanceof ValidationError) throw invalid(option, "archive.bad_since");
      throw error;
    }
  };
}
