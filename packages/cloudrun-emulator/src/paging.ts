// page_size / page_token paging shared by the List methods.
import { invalidArgument } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Page<T> {
  items: T[];
  /** Empty when this is the last page. */
  nextPageToken: string;
}

function encodeToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString("base64url");
}

function decodeToken(scope: string, token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { s?: unknown; o?: unknown };
    if (parsed.s === scope && typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0) {
      return parsed.o;
    }
  } catch {
    // fall through
  }
  throw invalidArgument(`Invalid page_token '${token}' for this request.`);
}

/** Cuts one page out of `items`; tokens are opaque and bound to `scope` (the list's parent). */
export function paginate<T>(items: readonly T[], pageSize: unknown, pageToken: unknown, scope: string): Page<T> {
  const size = typeof pageSize === "number" && pageSize > 0 ? Math.min(pageSize, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  if (typeof pageSize === "number" && pageSize < 0) throw invalidArgument("page_size must not be negative.");
  const offset = typeof pageToken === "string" && pageToken !== "" ? decodeToken(scope, pageToken) : 0;
  const end = offset + size;
  return { items: items.slice(offset, end), nextPageToken: end < items.length ? encodeToken(scope, end) : "" };
}
