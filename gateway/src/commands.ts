import { randomBytes } from 'node:crypto';
import { runCommandsV1, runsV1, type RunCommandV1, type RunEventV1 } from '@ada/contracts';
import { publishEvents, type EventBus } from '@ada/bus';

/**
 * What the gateway's run mutations send on the bus. The gateway trains nothing and keeps no run
 * state: a started run is a `created` event on `ada.runs.v1` (the trainer-service consumes it,
 * trains, and leaves the run's records), a cancelled run a `cancel` command on
 * `ada.run.commands.v1` (the trainer holding the run stops it).
 *
 * ```ts
 * const commands = new BusRunCommands(bus);
 * await commands.start({ runId: 'r1', experimentId: 'e1', seed: 0, config: { preset: 'quick',
 *   setup: 'ada' }, requestedBy: 'alice' });
 * await commands.cancel({ runId: 'r1', reason: 'wrong preset', requestedBy: 'alice' });
 * ```
 */
export interface StartRunCommand {
  runId: string;
  experimentId?: string;
  seed: number;
  /** The trainer's run config: `{ preset, setup, data?, model?, train?, ada?, eval? }`. */
  config: Record<string, unknown>;
  requestedBy: string;
}

export interface CancelRunCommand {
  runId: string;
  reason?: string;
  requestedBy: string;
}

export interface RunCommands {
  /** Announces the run; returns the time written in the event. */
  start(command: StartRunCommand): Promise<string>;
  cancel(command: CancelRunCommand): Promise<void>;
}

export class BusRunCommands implements RunCommands {
  constructor(private readonly bus: EventBus) {}

  async start(command: StartRunCommand): Promise<string> {
    const at = new Date().toISOString();
    const event: RunEventV1 = {
      eventId: `${command.runId}:created`,
      runId: command.runId,
      at,
      type: 'created',
      config: command.config,
      seed: command.seed,
      ...(command.experimentId === undefined ? {} : { experimentId: command.experimentId }),
      requestedBy: command.requestedBy,
    };
    await publishEvents(this.bus, runsV1, [event]);
    return at;
  }

  async cancel(command: CancelRunCommand): Promise<void> {
    const value: RunCommandV1 = {
      commandId: `${command.runId}:cancel:${randomBytes(4).toString('hex')}`,
      runId: command.runId,
      at: new Date().toISOString(),
      type: 'cancel',
      ...(command.reason === undefined ? {} : { reason: command.reason }),
      requestedBy: command.requestedBy,
    };
    await publishEvents(this.bus, runCommandsV1, [value]);
  }
}
