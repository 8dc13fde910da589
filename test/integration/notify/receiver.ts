// A real webhook receiver on a free loopback port for notifier tests: records every request
// (Idempotency-Key, content type, parsed body) and answers as the test scripts it — a status, or
// 'hold' to keep the response open (the crash window between a receiver's 2xx and mark-sent).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly n: number;
  readonly key: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

export type Answer = number | 'hold';

export interface Receiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Resolves when the receiver has seen `count` requests in total. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `answer(request)` decides each reply; held responses are dropped when the server closes. */
export async function startReceiver(answer: (r: ReceivedRequest) => Answer): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const held: ServerResponse[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedRequest = {
        n: requests.length + 1,
        key: req.headers['idempotency-key'] as string | undefined,
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      };
      requests.push(r);
      const a = answer(r);
      if (a === 'hold') held.push(res);
      else res.writeHead(a, { 'content-type': 'text/plain' }).end(String(a));
      for (const w of waiters.filter((x) => requests.length >= x.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/borderwatch`,
    requests,
    waitFor(count, timeoutMs = 20_000) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver saw ${requests.length} of ${count} requests`)), timeoutMs);
        waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
