import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

/**
 * The origin the client used, from its Host header (already checked by the host guard). URLs we
 * return must use exactly this host: Python rejects any other (§0.6 of the protocol notes).
 */
export function baseUrl(request: FastifyRequest): string {
  return `http://${request.headers.host ?? 'localhost'}`;
}

/** HF booleans arrive as true/True/1/false/False (httpx, requests, JS). */
export function parseBool(value: unknown, fallback = false): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (Array.isArray(value)) return parseBool(value[value.length - 1], fallback);
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).toLowerCase() : '';
  if (text === 'true' || text === '1' || text === 'yes') return true;
  if (text === 'false' || text === '0' || text === 'no') return false;
  throw new AppError('BadRequest', `Invalid boolean "${text}"`);
}

/** Dates on the wire: UTC with milliseconds and a Z (Python rejects "+00:00"). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}
