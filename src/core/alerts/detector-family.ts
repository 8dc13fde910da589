// Which family of evidence a detector belongs to. Alert identity and the confidence ladder's
// "independent evidence" both ask for the family, not the detector's exact name: re-tuning or
// replacing one optical change measure with another is the same evidence seen better, while SAR
// and optical are two sensors.

/*
 * Why families: the optical default moved from 'cva+mean3' to 'agree(cva+mean3,cva-detail)'. Keyed
 * on the name, every alert a store holds would have got a twin under the new name (the analyst
 * reviews it twice), and each twin would have "corroborated" the other as independent evidence
 * (both promoted to highest). Same place, same pixels, same sensor: one family.
 */
type DetectorFamily = string;

/*
 * A family is named after the detector that keyed its alerts before families existed ('cva+mean3'
 * for optical change, 'log-ratio+mean3' for SAR), so the fingerprints of alerts already stored under
 * those detectors stay what they were. Alerts stored under plain 'cva' (the peers' rule, chosen
 * with --measure cva) get a new key once, in the optical family: they are the same evidence (stored rows are not rewritten; the next scan files it under the new key). Limits: the family follows the measure, not the tile's sensor (log-ratio run on an
 * optical pair counts as SAR), and eval-only measures (ir-mad, pca-kmeans, ndvi) are families of
 * their own.
 */
const OPTICAL_CHANGE = 'cva+mean3';
const SAR = 'log-ratio+mean3';

/** The optical-change family for every CVA-based measure, the SAR family for log-ratio, else the name's base. */
export function detectorFamily(detectorName: string): DetectorFamily {
  if (/^(agree\()?cva\b/.test(detectorName)) return OPTICAL_CHANGE;
  if (detectorName.startsWith('log-ratio')) return SAR;
  return detectorName.split(/[+(]/)[0]!;
}
