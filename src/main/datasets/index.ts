export { datasetConfigs, datasetSplitFiles, type DatasetConfig, type DatasetSplit } from './dataset-splits.js';
export { cardConfigs, cardMetadata, type CardConfig } from './dataset-card.js';
