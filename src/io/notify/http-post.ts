// The one HTTP call the notifier makes, behind a small interface so tests and other transports
// can stand in. The default uses Node's fetch with a hard timeout.

export interface PostResult {
  readonly status: number;
}

/** POSTs `body` to `url`; resolves with the status, rejects on network errors and timeouts. */
export type PostJson = (url: string, body: string, headers: Readonly<Record<string, string>>, timeoutMs: number) => Promise<PostResult>;

export const fetchPost: PostJson = async (url, body, headers, timeoutMs) => {
  const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  // Drain the body so the connection can be reused; its content is not ours to interpret.
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status };
};
