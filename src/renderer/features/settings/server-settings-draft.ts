import { checkLfsThreshold, formatBindAddress, parseBindAddress, type Checked } from '../../../shared/server-settings.js';
import { formatBytes } from '../../format/bytes.js';
import { parseByteSize } from '../../format/byte-size-input.js';

/** The threshold field as typed: the bytes to send, and how they read, or why they cannot be sent. */
export function checkThresholdDraft(text: string): Checked<{ readonly bytes: number; readonly reads: string }> {
  if (text.trim() === '') return { ok: false, problem: 'Enter a size in bytes, such as 10485760 or 10 MiB' };
  const bytes = parseByteSize(text);
  if (bytes === undefined) return { ok: false, problem: `"${text.trim()}" is not a size; write bytes (10485760) or a size with a unit (10 MiB, 5 MB)` };
  const checked = checkLfsThreshold(bytes);
  if (!checked.ok) return checked;
  return { ok: true, value: { bytes, reads: `${formatBytes(bytes)} (${bytes.toLocaleString('en-US')} bytes)` } };
}

/** The bind address field as typed, normalised ("[::1]:7870"), or why it cannot be saved. */
export function checkAddressDraft(text: string): Checked<string> {
  const parsed = parseBindAddress(text);
  return parsed.ok ? { ok: true, value: formatBindAddress(parsed.value) } : parsed;
}

/** True for addresses that open the hub to the network (every interface). */
export function isOpenToNetwork(address: string): boolean {
  const parsed = parseBindAddress(address);
  return parsed.ok && (parsed.value.host === '0.0.0.0' || parsed.value.host === '::');
}
