// Aerial detections (band-offset movers, src/core/aerial) → alert candidates of kind 'aerial':
// position in WGS 84, true heading, the segment whose corridor holds it, border facts of its track,
// and whether a flight plan, air corridor or cooperative track report explains it. Pure.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Polygon, Position } from 'geojson';
import type { AerialDetection } from '../aerial/detect.js';
import { aerialBorderFacts } from '../aerial/border.js';
import type { FlightMatch } from '../aerial/match.js';
import type { PointTransform } from '../geo/crs.js';
import { localFrame } from '../geo/local-frame.js';
import type { SegmentIndex } from '../geo/segment-index.js';
import { pixelToCrs } from '../raster/affine.js';
import type { BorderSegment, BorderSide, Grid } from '../types.js';
import { authorisationFor, type AuthorisedZone } from './authorise.js';
import { authorisedAndFrom, byOutputOrder, type AlertCandidate, type Authorisation, type DetectorInfo, type SourceTile } from './candidate.js';
import { fingerprint } from './fingerprint.js';

export interface AerialContext {
  readonly grid: Grid;
  readonly toWgs84: PointTransform;
  readonly segments: SegmentIndex;
  readonly zones: readonly AuthorisedZone[];
  readonly detector: DetectorInfo;
  readonly baseline: SourceTile;
  readonly current: SourceTile;
  readonly observedAt: string | null;
  readonly snapM: number;
  /** The side guarded by the service (by name, e.g. 'Kazakhstan'); "inbound" means towards it. */
  readonly homeSideName: string;
}

/** Where a detection is, in WGS 84, and which way grid north points there (degrees from true north). */
export function locateDetection(d: AerialDetection, ctx: Pick<AerialContext, 'grid' | 'toWgs84'>): { lonLat: [number, number]; gridNorthDeg: number } {
  const at = (col: number, row: number): [number, number] => {
    const [x, y] = pixelToCrs(ctx.grid.transform, col, row);
    return ctx.toWgs84(x, y);
  };
  const p = at(d.centroid.col, d.centroid.row);
  const north = at(d.centroid.col, d.centroid.row - 10);
  const f = localFrame(p[0], p[1]);
  const [dx, dy] = f.toLocal(north[0], north[1]);
  return { lonLat: p, gridNorthDeg: (Math.atan2(dx, dy) * 180) / Math.PI };
}

function footprint(d: AerialDetection, ctx: AerialContext): Polygon {
  // The box around every band copy: the "rainbow" the analyst sees on the chip.
  const half = Math.max(0.5, d.lengthM / 20);
  const cols = d.copies.map((c) => c.col);
  const rows = d.copies.map((c) => c.row);
  const c0 = Math.min(...cols) - half, c1 = Math.max(...cols) + half;
  const r0 = Math.min(...rows) - half, r1 = Math.max(...rows) + half;
  const corner = (c: number, r: number): Position => {
    const [x, y] = pixelToCrs(ctx.grid.transform, c, r);
    const [lon, lat] = ctx.toWgs84(x, y);
    return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  };
  return { type: 'Polygon', coordinates: [[corner(c0, r1), corner(c1, r1), corner(c1, r0), corner(c0, r0), corner(c0, r1)]] };
}

function homeSide(segment: BorderSegment, name: string): BorderSide {
  return segment.sideNames?.right === name ? 'right' : 'left';
}

function segmentAt(lonLat: [number, number], index: SegmentIndex): BorderSegment | null {
  const hits = index.search([lonLat[0], lonLat[1], lonLat[0], lonLat[1]]).filter((s) => booleanPointInPolygon(lonLat, s.corridor));
  hits.sort((a, b) => (a.id < b.id ? -1 : 1));
  return hits[0] ?? null;
}

/** `matches[i]` is the flight match of `detections[i]` (from matchFlights), or null when none was tried. */
export function aerialCandidates(detections: readonly AerialDetection[], matches: readonly (FlightMatch | null)[], ctx: AerialContext): AlertCandidate[] {
  const out = new Map<string, AlertCandidate>();
  detections.forEach((d, k) => {
    const { lonLat, gridNorthDeg } = locateDetection(d, ctx);
    const segment = segmentAt(lonLat, ctx.segments);
    if (!segment) return;
    const headingDeg = (((d.headingDeg + gridNorthDeg) % 360) + 360) % 360;
    let facts: ReturnType<typeof aerialBorderFacts> | null = null;
    if (segment.line) {
      const frame = localFrame(lonLat[0], lonLat[1]);
      const line = segment.line.coordinates.map(([lon, lat]) => frame.toLocal(lon!, lat!));
      facts = aerialBorderFacts({ positionXY: [0, 0], headingDeg, speedMps: d.speedMps }, line, homeSide(segment, ctx.homeSideName));
    }
    const match = matches[k] ?? null;
    const flight: Authorisation | null = match && match.matchedId !== null ? { zoneId: match.matchedId, name: `flight ${match.via === 'report' ? 'track report' : 'plan'} ${match.matchedId}`, validFrom: null, validTo: null } : null;
    const authorisation = flight ?? authorisationFor(ctx.zones, lonLat, 'aerial', ctx.observedAt);
    const fp = fingerprint({ segmentId: segment.id, kind: 'aerial', detectorName: ctx.detector.name, position: lonLat, snapM: ctx.snapM });
    const geometry = footprint(d, ctx);
    const ring = geometry.coordinates[0]!;
    const lons = ring.map((p) => p[0]!), lats = ring.map((p) => p[1]!);
    const candidate: AlertCandidate = {
      fingerprint: fp,
      segmentId: segment.id,
      kind: 'aerial',
      geometry,
      bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
      side: facts?.side ?? null,
      sideName: facts ? (segment.sideNames?.[facts.side] ?? null) : null,
      distanceToLineM: facts ? Math.round(facts.distanceToLineM * 10) / 10 : null,
      crossesLine: facts ? facts.crossesOrPointsAcross : null,
      areaM2: Math.round(d.areaM2 * 10) / 10,
      changeMagnitude: Math.round(d.meanPeakZ * 1000) / 1000,
      // A dark mover ranks above any ground change of the same strength (issue 7).
      score: Math.round(Math.min(1, d.score + (authorisation ? 0 : 0.25)) * 1000) / 1000,
      confidence: 'provisional',
      ...authorisedAndFrom(authorisation, ctx),
      aerial: {
        headingDeg: Math.round(headingDeg * 10) / 10,
        speedMps: Math.round(d.speedMps * 10) / 10,
        lengthM: Math.round(d.lengthM * 10) / 10,
        direction: facts?.direction ?? null,
        secondsToLine: facts?.secondsToLine === null || facts?.secondsToLine === undefined ? null : Math.round(facts.secondsToLine * 10) / 10,
        matchedFlight: match?.matchedId ?? null,
      },
    };
    const prev = out.get(fp);
    if (!prev || prev.score < candidate.score) out.set(fp, candidate);
  });
  return [...out.values()].sort(byOutputOrder);
}
