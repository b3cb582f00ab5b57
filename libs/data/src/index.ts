/** @ada/data: dataset formats (npy, CIFAR-10 binary, PNG), synthetic demo dataset, shards. */
export { readNpy, writeNpy, shapeSize, NpyFormatError } from './npy.ts';
export type { NpyArray, NpyDtype, NpyData } from './npy.ts';
export { RandomState } from './random.ts';
export { Pcg64 } from './pcg64.ts';
export { seedSequenceState } from './seed_sequence.ts';
export { fmix32 } from './fmix32.ts';
export { DatasetError } from './errors.ts';
export { adaCacheDir } from './cache_dir.ts';
export {
  CIFAR10_CLASS_NAMES,
  validateDataset,
  imageSize,
  subsetDataset,
  sliceDataset,
  seededPermutation,
  shuffleDataset,
  concatDatasets,
  classCounts,
} from './dataset.ts';
export type { Dataset } from './dataset.ts';
export { npyImages, npyLabels, datasetToNpy, datasetFromNpy } from './npy_dataset.ts';
export {
  parseCifar10Batch,
  parseCifar10ClassNames,
  encodeCifar10Batch,
  findCifar10Dir,
  loadCifar10,
  CIFAR10_RECORD_BYTES,
  CIFAR10_TRAIN_FILES,
  CIFAR10_TEST_FILE,
} from './cifar10.ts';
export { loadCifar10C, listCifar10CCorruptions, CIFAR10C_SEVERITIES } from './cifar10c.ts';
export { loadCifar101 } from './cifar101.ts';
export { loadCifar10Samples, cifar10SamplesDir } from './cifar10_samples.ts';
export { loadPngFolder, writePngFolder } from './png_folder.ts';
export { encodePng, decodePng } from './png.ts';
export type { RgbImage } from './png.ts';
export { writeImageGrid } from './image_grid.ts';
export type { ImageBatch, ImageGridOptions } from './image_grid.ts';
export { makeDemoDataset } from './demo/make_demo_dataset.ts';
export type { DemoDatasetOptions } from './demo/make_demo_dataset.ts';
export { DEMO_CLASS_NAMES, DEMO_TEXTURES, DEMO_BACKGROUNDS, DEMO_VARIANTS } from './demo/names.ts';
export type { DemoClassName, DemoTexture, DemoBackground, DemoVariant } from './demo/names.ts';
export { loadDemoPhotoBank, demoPhotosDir } from './demo/photo_bank.ts';
export type { DemoPhoto, DemoPhotoBank } from './demo/photo_bank.ts';
export { loadTrainTest } from './load_train_test.ts';
export type { TrainTestOptions, TrainTest } from './load_train_test.ts';
export { MemoryByteStore, directoryByteStore } from './byte_store.ts';
export type { ByteSink, ByteSource, ByteStore } from './byte_store.ts';
export {
  writeShards,
  readShards,
  readShard,
  readShardManifest,
  parseShardManifest,
  sha256Hex,
  SHARD_MANIFEST_NAME,
} from './shards.ts';
export type { ShardManifest, ShardFile } from './shards.ts';
export { drawText, FONT_WIDTH, FONT_HEIGHT, FONT_ADVANCE } from './font.ts';
