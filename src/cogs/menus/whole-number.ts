import { invalid } from "../../errors/validation-error";

/** A modal's text field holding a whole number, read as an integer option would be. */
export function wholeNumber(text: string, option: string): number {
  const trimmed = text.trim();
  if (!/^-?\d{1,15}$/.test(trimmed)) throw invalid(option, "validation.not_whole");
  return Number(trimmed);
}
