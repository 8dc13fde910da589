// Alert identity (ARCHITECTURE.md "Identity and idempotency"): hash of segment, kind, detector and
// position snapped to a metric grid — independent of vertex order, acquisition time and run, so a
// re-run or a new observation of the same place lands on the same alert.
import { createHash } from 'node:crypto';
import { transformer, utmEpsgFor, crsFromEpsg, WGS84 } from '../geo/crs.js';
import type { Fingerprint, SegmentId } from '../types.js';
import type { AlertKind } from './candidate.js';

export interface FingerprintInput {
  readonly segmentId: SegmentId;
  readonly kind: AlertKind;
  /** Detector family only (e.g. 'cva'), not its version or thresholds: re-tuning keeps identity. */
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

function cellFingerprint(input: FingerprintInput, epsg: number, x: number, y: number): Fingerprint {
  const key = [input.segmentId, input.kind, input.detectorName, `utm${epsg}`, input.snapM, x, y].join('|');
  return createHash('sha256').update(key).digest('hex').slice(0, 24) as Fingerprint;
}

export function fingerprint(input: FingerprintInput): Fingerprint {
  const cell = snappedPosition(input.position, input.snapM);
  return cellFingerprint(input, cell.epsg, cell.x, cell.y);
}

/**
 * The fingerprints of the three cells next to the point's own, on the sides it is nearest to.
 * A change whose centre drifts a few metres across a cell edge between two images (the blob grew,
 * the outline moved a pixel) lands in one of these: the store then treats it as the same alert
 * instead of opening a new one. Deterministic, like the fingerprint itself.
 */
export function neighbourFingerprints(input: FingerprintInput): Fingerprint[] {
  const epsg = utmEpsgFor(input.position[0], input.position[1]);
  const [x, y] = transformer(WGS84, crsFromEpsg(epsg))(input.position[0], input.position[1]);
  const cx = Math.floor(x / input.snapM);
  const cy = Math.floor(y / input.snapM);
  const nx = x / input.snapM - cx < 0.5 ? cx - 1 : cx + 1;
  const ny = y / input.snapM - cy < 0.5 ? cy - 1 : cy + 1;
  return [cellFingerprint(input, epsg, nx, cy), cellFingerprint(input, epsg, cx, ny), cellFingerprint(input, epsg, nx, ny)];
}
