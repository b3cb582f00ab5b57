/** @ada/store: ArtifactStore: S3 and filesystem implementations. */
export {};
