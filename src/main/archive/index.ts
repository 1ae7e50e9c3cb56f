export { archiveKind, defaultExtractPath, type ArchiveKind } from './archive-kind.js';
export { extractArchive, type ExtractOptions, type ExtractResult } from './extract-archive.js';
