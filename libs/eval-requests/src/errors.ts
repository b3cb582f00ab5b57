import { AdaError } from '@ada/errors';

/**
 * A request an evaluation service cannot serve as asked (bad params, a missing checkpoint or
 * dataset, a checksum that does not match): answered with a `failed` reply, never retried.
 * `field` names the request field at fault, e.g. `params.dataset` or `checkpoint.sha256`.
 *
 * ```ts
 * throw new EvalRequestError("params.dataset 'x': no shard set under that prefix", 'params.dataset');
 * ```
 */
export class EvalRequestError extends AdaError {
  constructor(
    message: string,
    /** The request field at fault. */
    readonly field: string,
  ) {
    super(message, { code: 'INVALID_REQUEST' });
  }
}
