import { splitPath } from "../core/path-pattern";

export interface UploadedFile {
  field: string;
  filename: string;
  size: number;
  data: Buffer;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  headers: Record<string, string | undefined>;
  /** The X-Audit-Log-Reason header, URL-decoded. */
  auditReason: string | null;
  /** On `auth: "user"` routes called with an OAuth2 bearer token: whose it is and what it grants. */
  bearer?: { userId: string; scope: string };
}

export interface RouteResult {
  status: number;
  body?: unknown;
  /** Bytes sent as they are (the CDN, the OAuth2 consent page), instead of a JSON body. */
  raw?: { bytes: Buffer; contentType: string };
  headers?: Record<string, string>;
}

export type RouteHandler = (context: RouteContext) => RouteResult | Promise<RouteResult>;

export interface RouteDefinition {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  pattern: string;
  /**
   * Routes that take the interaction token instead of the bot token set this to false; `"user"` routes take
   * the bot token or a user's OAuth2 bearer token.
   */
  auth?: boolean | "user";
  handler: RouteHandler;
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
export const noContent = (): RouteResult => ({ status: 204 });

interface CompiledRoute {
  definition: RouteDefinition;
  segments: string[];
}

export interface RouteMatch {
  definition: RouteDefinition;
  params: Record<string, string>;
}

/** Matches method + path against `:param` patterns, indexed by method and segment count. */
export class Router {
  private readonly index = new Map<string, CompiledRoute[]>();

  add(definitions: RouteDefinition[]): this {
    for (const definition of definitions) {
      const segments = splitPath(definition.pattern);
      const key = `${definition.method} ${segments.length}`;
      const bucket = this.index.get(key) ?? [];
      bucket.push({ definition, segments });
      this.index.set(key, bucket);
    }
    return this;
  }

  match(method: string, path: string): RouteMatch | undefined {
    const actual = splitPath(path);
    const candidates = this.index.get(`${method} ${actual.length}`) ?? [];
    for (const candidate of candidates) {
      const params = matchSegments(candidate.segments, actual);
      if (params) return { definition: candidate.definition, params };
    }
    return undefined;
  }
}

/** Literal segments must match exactly; more specific routes should be added before `:param` ones. */
function matchSegments(expected: string[], actual: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let index = 0; index < expected.length; index += 1) {
    const pattern = expected[index] as string;
    const value = actual[index] as string;
    if (pattern.startsWith(":")) params[pattern.slice(1)] = value;
    else if (pattern !== value) return null;
  }
  return params;
}
