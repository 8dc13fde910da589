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
export type DetectorFamily = string;

/** 'optical-change' for every CVA-based measure, 'sar' for log-ratio, else the name's base. */
export function detectorFamily(detectorName: string): DetectorFamily {
  if (/^(agree\()?cva\b/.test(detectorName)) return 'optical-change';
  if (detectorName.startsWith('log-ratio')) return 'sar';
  return detectorName.split(/[+(]/)[0]!;
}
