/**
 * Names of the synthetic demo dataset: its 10 classes (one object shape each), the surface
 * textures objects wear and the background kinds. Kept apart from the renderer so consumers can
 * import the class list without the implementation.
 */

/** The demo classes in label order; label k is an object of shape DEMO_CLASS_NAMES[k]. */
export const DEMO_CLASS_NAMES = [
  'disc',
  'ring',
  'triangle',
  'square',
  'cross',
  'star',
  'bars',
  'crescent',
  'chevron',
  'arrow',
] as const;

export type DemoClassName = (typeof DEMO_CLASS_NAMES)[number];

/** Fine surface textures (periods of 2-5 pixels, so blur and noise destroy them). */
export const DEMO_TEXTURES = [
  'plain',
  'stripes',
  'dots',
  'checker',
  'rings',
  'speckle',
  'grid',
  'waves',
] as const;

export type DemoTexture = (typeof DEMO_TEXTURES)[number];

/**
 * The texture each class wears most of the time (otherwise a random one): textures are shared
 * by pairs of classes, so neither texture nor shape alone is a shortcut.
 */
export const DEMO_CLASS_TEXTURE: Record<DemoClassName, DemoTexture> = {
  disc: 'dots',
  ring: 'stripes',
  triangle: 'checker',
  square: 'speckle',
  cross: 'rings',
  star: 'dots',
  bars: 'grid',
  crescent: 'waves',
  chevron: 'checker',
  arrow: 'stripes',
};

/** Background kinds, drawn uniformly. */
export const DEMO_BACKGROUNDS = [
  'gradient',
  'noise',
  'stripes',
  'blobs',
  'scene',
  'tiles',
] as const;

export type DemoBackground = (typeof DEMO_BACKGROUNDS)[number];

/**
 * The demo variants, by name: `procedural` (the original, nothing to download) and `photo`
 * (natural-photo backgrounds and surfaces; `npm run setup:demo-photos`).
 */
export const DEMO_VARIANTS = ['procedural', 'photo'] as const;
export type DemoVariant = (typeof DEMO_VARIANTS)[number];
