// Our scan at the peers' rule (CVA magnitude > 600 DN, 8-connected blobs of ≥ 4 px) finds the same
// change polygons and the same (change, segment) alerts as the rasterio peer of the benchmark, on a
// committed 384² crop of its generator's 2048² pair (test/fixtures/peer-crop/PROVENANCE.md), whose
// answer was recorded by running the peer itself (peer-rasterio.json).
//
// What "the same" means, in the peer's own terms:
// - A change polygon is one 8-connected component of changed pixels, found on the whole tile.
//   GDAL's polygonize (rasterio.features.shapes, connectivity=8) makes one polygon per component,
//   pixels that touch only at a corner included (a diagonal track is one polygon whose outline
//   touches itself). So we watch the whole tile and take our blob outlines as they are.
//   The watch area reaches one pixel beyond the tile on every side: the clip takes a ring's edges as
//   straight in lon/lat, and the edge between two top corners of the tile sags 0.26 m into it here
//   (216 m on a full 10980² tile), so clipping to the tile's own corners shaves edge blobs and cuts
//   a corner-touching one apart at its pinch points. Scanning with the real corridors instead
//   would label only corridor pixels and cut blobs at the corridor edge, which the peer never does.
// - A candidate can hold two blobs: buildCandidates merges pieces whose centres snap to one 50 m
//   fingerprint cell into a MultiPolygon. So polygons are counted as the parts of all candidates.
// - An alert is a (change polygon, segment) pair with a non-empty intersection: the peer's STRtree
//   join. We clip each polygon to the real segments with the product's clip, as bench-scan does.
// - Areas are compared in the raster's UTM grid, as the peer measures them. Our polygons are WGS 84
//   rounded to 1e-7° (≈ 1 cm); reprojected, their vertices land within 1 cm of pixel corners, so
//   they are snapped back (checked) and change areas and centroids must then be exact. Intersection
//   vertices on corridor edges are not pixel corners and keep that 1 cm rounding, so intersection
//   areas must agree within a 1 cm band along the piece's outline (perimeter × 0.01 m).
//   (The product's own areaM2 is ground area in a local frame: ≈ 0.08 % more than UTM grid area
//   here, the UTM scale factor 0.9996 squared. That is a unit choice, not a difference in shape.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
import { scanPair, type ScanEngine, type ScanParams } from '../../../src/pipeline/scan.js';
import { openTile } from '../../../src/io/tiff/open.js';
import { transformer, WGS84, type PointTransform } from '../../../src/core/geo/crs.js';
import { segmentsFromGeoJSON } from '../../../src/core/geo/segments-geojson.js';
import { SegmentIndex } from '../../../src/core/geo/segment-index.js';
import { clipToSegments } from '../../../src/core/geo/clip.js';
import { polygonsOf } from '../../../src/core/geo/measure.js';
import type { BorderSegment, Grid, SegmentId } from '../../../src/core/types.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'peer-crop');
const BASELINE = join(FIXTURE, 'before.tif');
const CURRENT = join(FIXTURE, 'after.tif');
const PIXEL_M = 10;
/** The 1e-7° rounding of output coordinates, in metres (1e-7° of latitude ≈ 1.1 cm). */
const ROUNDING_M = 0.01;

interface PeerPolygon { change_id: number; area_m2: number; pixels: number; holes: number; centroid: [number, number] }
interface PeerAlert { change_id: number; seg_id: number; change_m2: number; intersection_m2: number }
interface PeerRun { counts: { components: number; polygons: number; alerts: number }; polygons: PeerPolygon[]; alerts: PeerAlert[] }

const peer = JSON.parse(readFileSync(join(FIXTURE, 'peer-rasterio.json'), 'utf8')) as PeerRun;
const segmentsJson = JSON.parse(readFileSync(join(FIXTURE, 'segments.geojson'), 'utf8')) as { features: { properties: { seg_id: number; name: string } }[] };
/** The peer names segments by seg_id; our reader takes the feature's name as the segment id. */
const segmentName = new Map(segmentsJson.features.map((f) => [f.properties.seg_id, f.properties.name]));

const peerRule = (threshold: number, minPx: number): Partial<ScanParams> =>
  ({ threshold, normalise: false, measure: 'cva', speckleMinNeighbours: 0, minAreaM2: minPx * PIXEL_M * PIXEL_M });

interface ChangePolygon { key: string; holes: number }
interface AlertPair { key: string; areaM2: number; perimeterM: number }
interface Findings { candidates: number; streamed: boolean; polygons: ChangePolygon[]; alerts: AlertPair[]; worstSnapM: number }

/** A change's identity across the two pipelines: its exact area and centroid (to the mm), in UTM. */
const changeKey = (areaM2: number, [x, y]: readonly [number, number]): string => `${areaM2} m² @ ${x.toFixed(3)},${y.toFixed(3)}`;

/** Area, centroid and perimeter of planar rings (outer first, then holes), any orientation. */
function planar(rings: readonly (readonly (readonly [number, number])[])[]): { areaM2: number; centroid: [number, number]; perimeterM: number } {
  let a2 = 0, cx = 0, cy = 0, perimeterM = 0;
  for (const [i, ring] of rings.entries()) {
    let ra2 = 0, rx = 0, ry = 0;
    for (let k = 0; k + 1 < ring.length; k++) {
      const [x0, y0] = ring[k]!, [x1, y1] = ring[k + 1]!;
      const c = x0 * y1 - x1 * y0;
      ra2 += c; rx += (x0 + x1) * c; ry += (y0 + y1) * c;
      perimeterM += Math.hypot(x1 - x0, y1 - y0);
    }
    // Outer ring adds, holes subtract, whatever their winding.
    const sign = (i === 0 ? 1 : -1) * Math.sign(ra2);
    a2 += sign * ra2; cx += sign * rx; cy += sign * ry;
  }
  return { areaM2: a2 / 2, centroid: [cx / (3 * a2), cy / (3 * a2)], perimeterM };
}

async function scanLikeThePeer(engine: ScanEngine, rule: Partial<ScanParams>, grid: Grid, segments: readonly BorderSegment[]): Promise<Findings> {
  const toWgs = transformer(grid.crs, WGS84);
  const toUtm: PointTransform = transformer(WGS84, grid.crs);
  const t = grid.transform;
  const corner = (c: number, r: number): [number, number] => toWgs(t[0] + c * t[1], t[3] + r * t[5]);
  const [w, h] = [grid.width + 1, grid.height + 1];
  const wholeTile: BorderSegment = {
    id: 'whole-tile' as SegmentId,
    name: 'whole tile',
    corridor: { type: 'Polygon', coordinates: [[corner(-1, -1), corner(-1, h), corner(w, h), corner(w, -1), corner(-1, -1)]] },
  };
  const result = await scanPair({ baselinePath: BASELINE, currentPath: CURRENT, segments: [wholeTile], params: rule, engine });
  const index = new SegmentIndex(segments);
  let worstSnapM = 0;
  const snapped = (ring: Position[]): [number, number][] => ring.map(([lon, lat]) => {
    const [x, y] = toUtm(lon!, lat!);
    const sx = Math.round(x / PIXEL_M) * PIXEL_M, sy = Math.round(y / PIXEL_M) * PIXEL_M;
    worstSnapM = Math.max(worstSnapM, Math.abs(sx - x), Math.abs(sy - y));
    return [sx, sy];
  });
  const polygons: ChangePolygon[] = [];
  const alerts: AlertPair[] = [];
  for (const candidate of result.candidates) {
    for (const coordinates of polygonsOf(candidate.geometry)) {
      const change = planar(coordinates.map(snapped));
      const key = changeKey(change.areaM2, change.centroid);
      polygons.push({ key, holes: coordinates.length - 1 });
      const polygon: Polygon = { type: 'Polygon', coordinates };
      for (const piece of clipToSegments(polygon, index)) {
        const parts = polygonsOf(piece.geometry).map((rings) => planar(rings.map((ring) => ring.map(([lon, lat]) => toUtm(lon!, lat!)))));
        alerts.push({
          key: `${key} × ${piece.segment.id}`,
          areaM2: parts.reduce((s, p) => s + p.areaM2, 0),
          perimeterM: parts.reduce((s, p) => s + p.perimeterM, 0),
        });
      }
    }
  }
  return { candidates: result.candidates.length, streamed: result.timingsMs['raster'] !== undefined, polygons, alerts, worstSnapM };
}

const peerPolygonKey = new Map(peer.polygons.map((p) => [p.change_id, changeKey(p.area_m2, p.centroid)]));
const peerPolygons = peer.polygons.map((p) => ({ key: changeKey(p.area_m2, p.centroid), holes: p.holes }));
const peerAlerts = new Map(peer.alerts.map((a) => [`${peerPolygonKey.get(a.change_id)} × ${segmentName.get(a.seg_id)}`, a.intersection_m2]));
const sortedKeys = (xs: readonly { key: string }[]): string[] => xs.map((x) => x.key).sort();

describe('the scan finds the peers\' change polygons and alerts (CVA > 600 DN, ≥ 4 px, 8-connected)', () => {
  let grid: Grid;
  let segments: BorderSegment[];
  beforeAll(async () => {
    const tile = await openTile(BASELINE);
    grid = tile.grid;
    await tile.close();
    segments = segmentsFromGeoJSON(JSON.parse(readFileSync(join(FIXTURE, 'segments.geojson'), 'utf8')));
  });

  it('the recorded peer run is a usable reference (several polygons, holes, straddling and multi-segment alerts)', () => {
    expect(peer.polygons).toHaveLength(peer.counts.polygons);
    expect(peer.alerts).toHaveLength(peer.counts.alerts);
    expect(peer.counts.polygons).toBeGreaterThan(20);
    expect(peer.polygons.some((p) => p.holes > 0)).toBe(true);
    expect(peer.polygons.some((p) => p.pixels === 4)).toBe(true); // the minimum blob is exercised
    expect(new Set(peer.alerts.map((a) => a.change_id)).size).toBeLessThan(peer.alerts.length); // a change on two segments
    expect(peer.alerts.some((a) => a.intersection_m2 < a.change_m2)).toBe(true); // a change straddling a corridor edge
    expect(new Set(peerPolygons.map((p) => p.key)).size).toBe(peerPolygons.length); // area + centroid identify a change
  });

  for (const [name, engine] of [['streamed', { threads: 2 }], ['in-memory', { streaming: 'never' }]] as const) {
    it(`${name}: the same polygons (exact area, centroid, holes) and the same (change, segment) alerts with equal intersection areas`, async () => {
      const ours = await scanLikeThePeer(engine, peerRule(600, 4), grid, segments);
      expect(ours.streamed).toBe(name === 'streamed');
      expect(ours.worstSnapM).toBeLessThan(ROUNDING_M); // our outlines are pixel edges
      expect(ours.polygons).toHaveLength(peer.counts.polygons);
      expect(ours.candidates).toBeLessThanOrEqual(ours.polygons.length);
      expect(ours.polygons.map((p) => `${p.key} holes ${p.holes}`).sort()).toEqual(peerPolygons.map((p) => `${p.key} holes ${p.holes}`).sort());
      expect(sortedKeys(ours.alerts)).toEqual([...peerAlerts.keys()].sort());
      for (const a of ours.alerts) {
        const peerAreaM2 = peerAlerts.get(a.key)!;
        expect(Math.abs(a.areaM2 - peerAreaM2), a.key).toBeLessThanOrEqual(a.perimeterM * ROUNDING_M);
      }
    }, 60_000);
  }

  it('a rule one DN or one pixel away from the peers\' does not match them (the fixture can tell)', async () => {
    const stricter = await scanLikeThePeer({ threads: 2 }, peerRule(601, 4), grid, segments);
    expect(sortedKeys(stricter.polygons)).not.toEqual(sortedKeys(peerPolygons));
    const bigger = await scanLikeThePeer({ threads: 2 }, peerRule(600, 5), grid, segments);
    expect(bigger.polygons.length).toBeLessThan(peer.counts.polygons);
  }, 60_000);
});
