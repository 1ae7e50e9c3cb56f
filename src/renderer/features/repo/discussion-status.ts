import type { DiscussionStatus } from '../../../shared/app-api.js';
import type { BadgeProps } from '../../components/Badge.js';

/** The badge tone of each discussion status. */
export const STATUS_TONES: Readonly<Record<DiscussionStatus, NonNullable<BadgeProps['tone']>>> = {
  draft: 'neutral',
  open: 'ok',
  closed: 'error',
  merged: 'info',
};
