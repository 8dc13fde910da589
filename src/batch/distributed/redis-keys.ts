// Our own Redis keys beside BullMQ's, under the same prefix: the plan (for the reconciler) and
// segment sets by version (so scan workers on other machines can load them).
import type { Redis } from 'ioredis';
import { parseScanJobData, type ScanJobData, type SegmentSet } from '../../io/queue/jobs.js';
import { PLAN_KEY, SEGMENT_SET_KEY } from '../../io/queue/names.js';

export const planKey = (prefix: string): string => `${prefix}:${PLAN_KEY}`;
export const segmentSetKey = (prefix: string, version: string): string => `${prefix}:${SEGMENT_SET_KEY}:${version}`;

/** Records every planned scan by tile id: the reconciler re-drives from it, even for detached batches. */
export async function savePlan(redis: Redis, prefix: string, jobs: readonly ScanJobData[]): Promise<void> {
  if (jobs.length === 0) return;
  await redis.hset(planKey(prefix), Object.fromEntries(jobs.map((j) => [j.current.tileId, JSON.stringify(j)])));
}

export async function plannedScan(redis: Redis, prefix: string, tileId: string): Promise<ScanJobData | null> {
  const raw = await redis.hget(planKey(prefix), tileId);
  return raw === null ? null : parseScanJobData(JSON.parse(raw));
}

export async function loadPlan(redis: Redis, prefix: string): Promise<Map<string, ScanJobData>> {
  const all = await redis.hgetall(planKey(prefix));
  return new Map(Object.entries(all).map(([tileId, raw]) => [tileId, parseScanJobData(JSON.parse(raw))]));
}

export async function saveSegmentSet(redis: Redis, prefix: string, set: SegmentSet): Promise<void> {
  // Content-addressed: writing the same version again writes the same bytes.
  await redis.set(segmentSetKey(prefix, set.version), JSON.stringify(set));
}

export async function fetchSegmentSet(redis: Redis, prefix: string, version: string): Promise<SegmentSet> {
  const raw = await redis.get(segmentSetKey(prefix, version));
  if (raw === null) throw new Error(`segment set ${version} is not in Redis (was the batch submitted to this Redis/prefix?)`);
  const set = JSON.parse(raw) as SegmentSet;
  if (set.version !== version || !Array.isArray(set.segments) || !Array.isArray(set.zones)) throw new Error(`segment set ${version} in Redis is malformed`);
  return set;
}
