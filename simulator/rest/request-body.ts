import type { IncomingMessage } from "node:http";
import { SimApiError } from "../core/api-error";
import { MAX_UPLOAD_BYTES } from "../world/cdn";
import type { UploadedFile } from "./router";

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
}

const invalidJson = () => new SimApiError(400, 50109, "The request body contains invalid JSON.");

/** Reads a JSON or multipart/form-data (payload_json + files, as discord.js sends uploads) body. */
export async function readRequestBody(request: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return { body: undefined, files: [] };
  const raw = Buffer.concat(chunks);
  const contentType = request.headers["content-type"] ?? "";
  if (contentType.startsWith("multipart/form-data")) return readMultipart(raw, contentType);
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    return { body: Object.fromEntries(new URLSearchParams(raw.toString("utf8"))), files: [] };
  }
  try {
    return { body: JSON.parse(raw.toString("utf8")), files: [] };
  } catch {
    throw invalidJson();
  }
}

async function readMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  let body: unknown = undefined;
  const files: UploadedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field !== "payload_json") continue;
      try {
        body = JSON.parse(value);
      } catch {
        throw invalidJson();
      }
    } else {
      if (value.size > MAX_UPLOAD_BYTES) throw new SimApiError(413, 40005, "Request entity too large");
      files.push({
        field,
        filename: value.name,
        size: value.size,
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { body, files };
}
