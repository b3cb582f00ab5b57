import { evalResultsV1, type EvalResultV1 } from '@ada/contracts';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';

/** Where a request's outputs go in the store: `evals/<requestId>/`. */
export function evalPrefix(requestId: string): string {
  return `evals/${requestId}`;
}

/** Pretty JSON bytes with a final newline (the stored tables and replies). */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The replies already given, by request id (`evals/<id>/reply.json`, written after everything
 * else of the request): what makes an evaluation service idempotent across redeliveries and
 * restarts. A stored reply that no longer decodes as `ada.eval.results.v1` throws (it is not
 * silently recomputed).
 *
 * ```ts
 * const archive = new ReplyArchive(store);
 * const earlier = await archive.find('eval-1'); // undefined when never answered
 * ```
 */
export class ReplyArchive {
  constructor(private readonly store: ArtifactStore) {}

  /** The stored reply to `requestId`, if the request was answered before. */
  async find(requestId: string): Promise<EvalResultV1 | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await this.store.get(`${evalPrefix(requestId)}/reply.json`);
    } catch (e) {
      if (e instanceof ObjectNotFoundError) return undefined;
      throw e;
    }
    return evalResultsV1.schema.parse(JSON.parse(new TextDecoder().decode(bytes)));
  }

  async save(result: EvalResultV1): Promise<void> {
    await this.store.put(`${evalPrefix(result.requestId)}/reply.json`, jsonBytes(result));
  }
}
