export { fileSize, isFile } from './file-probe.js';
export { writeAtomic } from './write-atomic.js';
export { syncPath } from './sync-path.js';
