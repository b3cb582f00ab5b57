/** @ada/models: Classifiers, corruption networks, checkpoint I/O. */
export {};
