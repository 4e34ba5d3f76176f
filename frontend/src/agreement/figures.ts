const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pace = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 0.8333 → "83.3%"; null → "—". */
export function formatPercent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : percent.format(share);
}

/** A kappa with two decimals; null → "—". */
export function formatKappa(kappa: number | null | undefined): string {
  return kappa === null || kappa === undefined ? '—' : decimal.format(kappa);
}

/** Labels per hour; null → "—". */
export function formatPace(perHour: number | null | undefined): string {
  return perHour === null || perHour === undefined ? '—' : `${pace.format(perHour)} / h`;
}

/** The usual reading of a kappa (Landis & Koch, 1977): a rough guide, not a verdict. */
export function kappaReading(kappa: number | null | undefined): string | null {
  if (kappa === null || kappa === undefined) return null;
  if (kappa < 0) return 'worse than chance';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}
