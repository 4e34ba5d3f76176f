import { formatDecimal, formatNumber, MISSING } from '../ui/format';

/** A kappa with two decimals; null → "—". */
export function formatKappa(kappa: number | null | undefined): string {
  return formatDecimal(kappa, 2);
}

/** Labels per hour; null → "—". */
export function formatPace(perHour: number | null | undefined): string {
  return perHour === null || perHour === undefined ? MISSING : `${formatNumber(perHour, 1)} / h`;
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
