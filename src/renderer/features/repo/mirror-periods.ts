import type { FieldOption } from '../../components/FormFields.js';

/** The mirror schedules the UI offers (values `POST /sync/mirrors` takes as `every`). */
export const MIRROR_PERIODS: readonly FieldOption[] = [
  { value: '1h', label: 'every hour' },
  { value: '6h', label: 'every 6 hours' },
  { value: '24h', label: 'every day' },
  { value: 'never', label: 'on demand only' },
];
