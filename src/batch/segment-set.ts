// Loads a batch's segment set (segments + authorised zones) and names it by content.
import { parseAuthorisedZones } from '../core/alerts/authorise.js';
import { segmentsFromGeoJSON } from '../core/geo/segments-geojson.js';
import type { SegmentSet } from '../io/queue/jobs.js';
import { readJsonFile } from '../io/json-file.js';
import { segmentSetVersion } from './job-id.js';

export async function loadSegmentSet(segmentsPath: string, zonesPath: string | undefined): Promise<SegmentSet> {
  const segments = segmentsFromGeoJSON(await readJsonFile(segmentsPath, 'SEGMENTS_INVALID'));
  const zones = zonesPath ? parseAuthorisedZones(await readJsonFile(zonesPath, 'AUTHORISED_INVALID')) : [];
  return { version: segmentSetVersion(segments, zones), segments, zones };
}
