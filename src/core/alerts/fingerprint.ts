// Alert identity (ARCHITECTURE.md "Identity and idempotency"): hash of segment, kind, detector and
// position snapped to a metric grid — independent of vertex order, acquisition time and run, so a
// re-run or a new observation of the same place lands on the same alert.
import { createHash } from 'node:crypto';
import { transformer, utmEpsgFor, crsFromEpsg, WGS84 } from '../geo/crs.js';
import type { Fingerprint, SegmentId } from '../types.js';
import type { AlertKind } from './candidate.js';
import { detectorFamily } from './detector-family.js';

export interface FingerprintInput {
  readonly segmentId: SegmentId;
  readonly kind: AlertKind;
  /** The detector's name; only its family (detector-family.ts) enters the hash: re-tuning keeps identity. */
  readonly detectorName: string;
  /** A representative point of the change (WGS 84 lon/lat), e.g. its area centroid. */
  readonly position: readonly [number, number];
  /** Snap cell in metres: changes whose points fall in one cell are the same alert. */
  readonly snapM: number;
}

export function snappedPosition(position: readonly [number, number], snapM: number): { epsg: number; x: number; y: number } {
  const epsg = utmEpsgFor(position[0], position[1]);
  const [x, y] = transformer(WGS84, crsFromEpsg(epsg))(position[0], position[1]);
  return { epsg, x: Math.floor(x / snapM), y: Math.floor(y / snapM) };
}

export function fingerprint(input: FingerprintInput): Fingerprint {
  const cell = snappedPosition(input.position, input.snapM);
  const key = [input.segmentId, input.kind, detectorFamily(input.detectorName), `utm${cell.epsg}`, input.snapM, cell.x, cell.y].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 24) as Fingerprint;
}
