// When was a tile acquired? Operators name files by date (2018-03-09.tif, S2_20170829.tif);
// we read an ISO date or date-time from the file name. Unknown stays unknown (null), never "now".
import { basename } from 'node:path';

export function acquisitionTimeFromName(path: string): string | null {
  const name = basename(path);
  const m = /(\d{4})-?(\d{2})-?(\d{2})(?:[T_](\d{2}):?(\d{2}):?(\d{2}))?/.exec(name);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
  const t = Date.parse(iso);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return null;
  return new Date(t).toISOString();
}
