import { createHash } from 'node:crypto';
import { objectHeader, type GitObjectType } from '../../shared/git-objects.js';

/** SHA-1 object id of a git object with this body. */
export function hashGitObject(type: GitObjectType, body: Uint8Array): string {
  return createHash('sha1').update(objectHeader(type, body.length)).update(body).digest('hex');
}

export function gitBlobOid(content: Uint8Array): string {
  return hashGitObject('blob', content);
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}
