import type { RunEventV1 } from '@ada/contracts';
import { requireRole } from '../auth.ts';
import type { GatewayContext } from '../context.ts';
import type { SubscriptionResolvers } from '../generated/resolvers.ts';
import { isFinalEvent } from '../live.ts';
import { Checks } from '../validation.ts';
import type { RunUpdateView } from '../views.ts';

/**
 * Subscription resolvers over the replica's live feed of `ada.runs.v1`. `runUpdated` ends after
 * the run's final event; `runsUpdated(experimentId)` learns a run's experiment from its
 * `created` event or, for runs created before the subscription, from its record.
 */
async function* updates(
  events: AsyncIterable<RunEventV1>,
): AsyncGenerator<{ update: RunUpdateView }> {
  for await (const event of events) yield { update: { event } };
}

function experimentMatcher(ctx: GatewayContext, experimentId: string) {
  const known = new Map<string, string | null>();
  return async (event: RunEventV1): Promise<boolean> => {
    if (event.type === 'created' && event.experimentId !== undefined) {
      known.set(event.runId, event.experimentId);
    }
    if (!known.has(event.runId)) {
      const run = await ctx.records.findRun(event.runId);
      known.set(event.runId, run?.experimentId ?? null);
    }
    return known.get(event.runId) === experimentId;
  };
}

async function* filtered(
  events: AsyncIterable<RunEventV1>,
  accept: (e: RunEventV1) => Promise<boolean>,
): AsyncGenerator<RunEventV1> {
  for await (const event of events) if (await accept(event)) yield event;
}

export const subscriptionResolvers: SubscriptionResolvers = {
  runUpdated: {
    subscribe: (_p, args, ctx) => {
      requireRole(ctx.principal, 'VIEWER', 'runUpdated');
      new Checks().id('id', args.id).done();
      return updates(ctx.live.listen((e) => e.runId === args.id, isFinalEvent));
    },
    resolve: (payload: { update: RunUpdateView }) => payload.update,
  },
  runsUpdated: {
    subscribe: (_p, args, ctx) => {
      requireRole(ctx.principal, 'VIEWER', 'runsUpdated');
      new Checks().id('experimentId', args.experimentId, { optional: true }).done();
      const all = ctx.live.listen(() => true);
      if (args.experimentId == null) return updates(all);
      return updates(filtered(all, experimentMatcher(ctx, args.experimentId)));
    },
    resolve: (payload: { update: RunUpdateView }) => payload.update,
  },
};
