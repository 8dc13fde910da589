// Hand-built alert candidates for alert-stage tests. The fingerprints are stable strings, not real
// hashes; the polygon is a ~30 × 55 m box in northern Kazakhstan near Petropavl (not on the real
// border line), placed there by hand with no imagery behind it.
import type { AlertCandidate } from '../../../src/core/alerts/candidate.js';
import type { Fingerprint, SegmentId, TileId } from '../../../src/core/types.js';

type Overrides = Partial<Omit<AlertCandidate, 'fingerprint' | 'segmentId' | 'current' | 'baseline'>> & {
  fingerprint?: string;
  segmentId?: string;
  /** Current tile id; its sha256 defaults to a string derived from it. */
  currentTile?: string;
  currentSha?: string;
  observedAt?: string | null;
};

export function makeCandidate(o: Overrides = {}): AlertCandidate {
  const currentTile = o.currentTile ?? 'kz-r042/2021-06-01';
  const lon = 68.9;
  const lat = 54.9;
  const d = 0.0005;
  return {
    fingerprint: (o.fingerprint ?? 'fp-ground-001') as Fingerprint,
    segmentId: (o.segmentId ?? 'KAZ-RUS-017') as SegmentId,
    kind: o.kind ?? 'ground',
    geometry: o.geometry ?? {
      type: 'Polygon',
      coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
    },
    bbox: o.bbox ?? [lon, lat, lon + d, lat + d],
    side: o.side === undefined ? 'left' : o.side,
    sideName: o.sideName === undefined ? 'Kazakhstan' : o.sideName,
    distanceToLineM: o.distanceToLineM === undefined ? 240 : o.distanceToLineM,
    crossesLine: o.crossesLine === undefined ? false : o.crossesLine,
    areaM2: o.areaM2 ?? 1800,
    changeMagnitude: o.changeMagnitude ?? 0.31,
    score: o.score ?? 0.72,
    confidence: o.confidence ?? 'provisional',
    authorised: o.authorised ?? false,
    authorisation: o.authorisation ?? null,
    detector: o.detector ?? { name: 'cva', version: '1', params: { threshold: 0.2 } },
    baseline: { tileId: 'kz-r042/2021-05-01' as TileId, sha256: 'sha-base-0501', acquiredAt: '2021-05-01T06:10:00Z' },
    current: { tileId: currentTile as TileId, sha256: o.currentSha ?? `sha-${currentTile}`, acquiredAt: o.observedAt ?? null },
    observedAt: o.observedAt === undefined ? '2021-06-01T06:10:00Z' : o.observedAt,
    ...(o.aerial ? { aerial: o.aerial } : {}),
  };
}
