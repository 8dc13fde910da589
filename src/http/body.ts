// Reading a JSON request body with a hard size cap: the cap is checked on the declared length
// before reading and on the bytes as they arrive, so a large or endless body costs nothing.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.js';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export async function readJsonBody(req: IncomingMessage, maxBytes: number = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/geo+json') {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON (Content-Type: application/json)');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooLarge = () => new ApiError('BODY_TOO_LARGE', `the body is larger than ${maxBytes} bytes`, { maxBytes });
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new ApiError('BODY_INVALID', 'the body is empty; send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('BODY_INVALID', 'the body is not valid JSON');
  }
}
