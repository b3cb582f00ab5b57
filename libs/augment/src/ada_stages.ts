import { ssimLineSearch, type AdaAugmenter, type AdaConfig, type ClassifierFn } from '@ada/ada';
import type { AdaStage, LineSearchStage } from './pipeline.ts';

/**
 * The pipeline's AdA and SSIM line-search stages over an `AdaAugmenter` (libs/ada), kept apart
 * so the pipeline runs them in the paper's order: the AdA stage runs the inner maximisation with
 * the line search off, the line-search stage then guards its output against the
 * pad-crop-flipped clean images with the same `config` settings (threshold 0.3, 9 points, ...).
 *
 * `AdaAugmenter.augment` takes one seed per batch; the AdA stage folds the examples' seeds into
 * it, so a batch's random start is fixed by its examples (not by each example alone).
 *
 * ```ts
 * const { ada, lineSearch } = adaPipelineStages(new AdaAugmenter(net), (x) => model.apply(x), { nu: 0.015 });
 * const run = composePipeline({ seed, ada: true, lineSearch: true, augmix: {} }, { ada, lineSearch });
 * ```
 */
export function adaPipelineStages(
  augmenter: AdaAugmenter,
  classifier: ClassifierFn,
  config: AdaConfig = {},
): { ada: AdaStage; lineSearch: LineSearchStage } {
  const ada: AdaStage = (images, labels, seeds) => {
    let seed = 0x811c9dc5;
    for (const s of seeds) seed = Math.imul(seed ^ s, 0x01000193) >>> 0;
    return augmenter.augment(images, labels, classifier, { ...config, lineSearch: false }, seed)
      .images;
  };
  const lineSearch: LineSearchStage = (clean, corrupted) => {
    const opts = {
      ...(config.ssimThreshold !== undefined && { threshold: config.ssimThreshold }),
      ...(config.lineSearchPoints !== undefined && { points: config.lineSearchPoints }),
      ...(config.rootRule !== undefined && { rootRule: config.rootRule }),
      ...(config.rootTolerance !== undefined && { rootTolerance: config.rootTolerance }),
      ...(config.lineSearchGuard !== undefined && { guard: config.lineSearchGuard }),
      ...(config.guardTolerance !== undefined && { guardTolerance: config.guardTolerance }),
    };
    return ssimLineSearch(clean, corrupted, opts).images;
  };
  return { ada, lineSearch };
}
