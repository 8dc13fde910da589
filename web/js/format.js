// Display helpers: numbers with units, dates in UTC (analysts on different shifts compare notes).
export const REASON_LABELS = {
  cloud_shadow: 'Cloud / shadow',
  snow: 'Snow',
  seasonal_agriculture: 'Seasonal agriculture',
  authorised_activity: 'Authorised activity',
  misregistration: 'Misregistration',
  sensor_artefact: 'Sensor artefact',
  animals: 'Animals',
  duplicate: 'Duplicate',
  other: 'Other (note required)',
};

export function area(m2) {
  if (m2 >= 1e6) return `${(m2 / 1e6).toFixed(2)} km²`;
  if (m2 >= 1e4) return `${(m2 / 1e4).toFixed(1)} ha`;
  return `${Math.round(m2)} m²`;
}

export function metres(m) {
  if (m === null || m === undefined) return '—';
  return m >= 1000 ? `${(m / 1000).toFixed(2)} km` : `${Math.round(m)} m`;
}

export function date(iso) {
  return iso ? iso.slice(0, 10) : '—';
}

export function dateTime(iso) {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

export function pct(share) {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`;
}

export function side(a) {
  if (!a.side) return '—';
  return a.sideName ? `${a.side} · ${a.sideName}` : a.side;
}

/** Score 0..1 → one of four severity bands used for colour. */
export function severity(score) {
  return score >= 0.6 ? 'high' : score >= 0.35 ? 'medium' : score >= 0.15 ? 'low' : 'minimal';
}
