// One table from error code to HTTP status (the titiler pattern), and the JSON error body every
// 4xx/5xx carries: a stable `code` clients key on and a sentence for people. Never a stack.
import { isInputError } from '../core/errors.js';

export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  AUTH_MISSING: 401,
  AUTH_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALERT_NOT_FOUND: 404,
  SEGMENT_NOT_FOUND: 404,
  SILENCE_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  COLLECTION_NOT_FOUND: 404,
  EVIDENCE_UNAVAILABLE: 404,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BODY_INVALID: 400,
  QUERY_INVALID: 400,
  // Review: a refused move is a conflict with the alert's current state; a missing field is semantic.
  TRANSITION_NOT_ALLOWED: 409,
  REASON_REQUIRED: 422,
  REASON_UNKNOWN: 422,
  NOTE_REQUIRED: 422,
  ASSIGNEE_REQUIRED: 422,
  ACTOR_REQUIRED: 422,
  SILENCE_NO_MATCHERS: 422,
  SILENCE_BAD_TIME: 422,
  SILENCE_EMPTY_WINDOW: 422,
  SILENCE_BAD_AREA: 422,
  SILENCE_AUTHOR_REQUIRED: 422,
  SILENCE_COMMENT_REQUIRED: 422,
  SILENCE_BAD_MATCHER: 422,
};

/** An error meant for the client: its code picks the status from the table. */
export class ApiError extends Error {
  readonly code: string;
  readonly detail: Readonly<Record<string, unknown>> | undefined;
  readonly headers: Readonly<Record<string, string>>;
  constructor(code: string, message: string, detail?: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.detail = detail;
    this.headers = headers;
  }
  get status(): number {
    return STATUS_BY_CODE[this.code] ?? 400;
  }
}

export interface ErrorReply {
  readonly status: number;
  readonly body: { readonly error: { readonly code: string; readonly message: string; readonly detail?: unknown } };
  readonly headers: Readonly<Record<string, string>>;
}

/** Maps anything thrown by a handler to a reply. Input we rejected is 422; everything else is a 500 with no internals. */
export function errorReply(err: unknown): ErrorReply {
  if (err instanceof ApiError) {
    return { status: err.status, headers: err.headers, body: { error: { code: err.code, message: err.message, ...(err.detail ? { detail: err.detail } : {}) } } };
  }
  if (isInputError(err)) {
    return { status: 422, headers: {}, body: { error: { code: err.code, message: err.message } } };
  }
  return { status: 500, headers: {}, body: { error: { code: 'INTERNAL', message: 'internal error; the server log has the details' } } };
}
