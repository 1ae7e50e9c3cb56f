import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DiskPort } from './ports.js';
import { OWNER_ONLY } from './route-access.js';

const cleanupBody = z.strictObject({
  revisions: z
    .array(z.string().regex(/^(model|dataset|space):[^@\s]+@[0-9a-f]{40,64}$/, 'expected "type:repo@commit"'))
    .min(1)
    .max(10_000),
});

/** Disk usage, duplicates, and cleanup of cached snapshots (preview, then delete). */
export function registerDiskRoutes(app: FastifyInstance, disk: DiskPort): void {
  app.get('/disk', OWNER_ONLY, () => disk.usage());
  app.post('/disk/cleanup-preview', OWNER_ONLY, (request) => disk.previewCleanup(cleanupBody.parse(request.body).revisions));
  app.post('/disk/cleanup', OWNER_ONLY, (request) => disk.cleanup(cleanupBody.parse(request.body).revisions));
}
