export { fileSize, isFile } from './file-probe.js';
export { writeAtomic } from './write-atomic.js';
export { syncPath } from './sync-path.js';
export { probeShareMethod, shareFile, SHARED_FILE_MODE, type ShareMethod } from './share-file.js';
