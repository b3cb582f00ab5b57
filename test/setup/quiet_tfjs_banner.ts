/**
 * Vitest setup of every project: drops the banner that TensorFlow.js's cpu backend prints on its
 * first use in Node ("Hi, looks like you are running TensorFlow.js in Node.js ..."), once per
 * test process: dozens of copies in a test log, and no information (the backend a test uses is
 * its own choice). Only that message is dropped; every other warning passes. The `ada` command
 * silences the same banner in `initBackend`, which reports the chosen backend itself.
 */
const BANNER = 'looks like you are running TensorFlow.js in Node.js';
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && args[0].includes(BANNER)) return;
  warn(...args);
};
