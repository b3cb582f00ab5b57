import {
  augmentRequestsV1,
  augmentResultsV1,
  inlineTensor,
  type AugmentRequestV1,
  type AugmentResultV1,
} from '@ada/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { publishEvents, subscribeEvents } from './typed.ts';
import { RequestReplyClient } from './request_reply.ts';
import { HARNESSES, closeAll, titleOf, unique } from './testing/harness.ts';

afterAll(closeAll);

const at = '2026-01-02T03:04:05.000Z';
const request = (id: string, replyTo: string): AugmentRequestV1 => ({
  requestId: id,
  at,
  replyTo,
  classifier: 'models/toy/manifest.json',
  images: inlineTensor(
    'uint8',
    [2, 2, 2, 3],
    Uint8Array.from({ length: 24 }, (_, i) => i),
  ),
  labels: [1, 2],
});

for (const h of HARNESSES) {
  describe.skipIf(h.skip !== undefined)(titleOf('RequestReplyClient', h), () => {
    it('3 concurrent augment requests each get their own reply; a duplicate reply is ignored', async () => {
      const bus = await h.create();
      const requests = unique('augment-req');
      const replies = unique('augment-res');
      // A responder standing in for the corruption service: echoes the images, answers twice.
      const responder = await subscribeEvents(bus, {
        contract: augmentRequestsV1,
        topic: requests,
        groupId: unique('responder'),
        handler: async (req) => {
          const n = req.images.shape[0] as number;
          const result: AugmentResultV1 = {
            requestId: req.requestId,
            at,
            status: 'ok',
            images: req.images,
            ssim: Array.from({ length: n }, () => 1),
            lineSearchSteps: Array.from({ length: n }, () => 0),
            checkpointStep: req.labels[0] ?? 0,
          };
          await publishEvents(bus, augmentResultsV1, [result, result], { topic: req.replyTo });
        },
      });
      const client = new RequestReplyClient(bus, {
        request: augmentRequestsV1,
        reply: augmentResultsV1,
        requestTopic: requests,
        replyTopic: replies,
        groupId: unique('client'),
      });
      await client.start();
      const results = await Promise.all(
        ['a', 'b', 'c'].map((id, i) =>
          client.request(
            { ...request(`req-${id}`, replies), labels: [i, i] },
            { timeoutMs: 60_000 },
          ),
        ),
      );
      expect(results.map((r) => [r.requestId, r.status === 'ok' ? r.checkpointStep : -1])).toEqual([
        ['req-a', 0],
        ['req-b', 1],
        ['req-c', 2],
      ]);
      // Nobody serves this request topic: the request times out with a retriable error.
      const lonely = new RequestReplyClient(bus, {
        request: augmentRequestsV1,
        reply: augmentResultsV1,
        requestTopic: unique('nobody'),
        replyTopic: replies,
        groupId: unique('lonely'),
      });
      await lonely.start();
      const error = await lonely
        .request(request('req-x', replies), { timeoutMs: 300 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ retriable: true });
      expect((error as Error).message).toMatch(/no reply to 'req-x' within 300 ms/);
      await lonely.close();
      await Promise.all([client.close(), responder.close()]);
    });
  });
}
