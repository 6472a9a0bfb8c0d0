// Execution loops shared by the WebSocket subscribers that asked the same thing (ws-transport.ts). graphql-ws runs one
// loop per subscription: four layers of async iterators, an execution and a serialisation per subscriber and event.
// Here subscribers with the same sharing key (sharingKey: viewer, operation name, variables, query text) join one
// loop, which executes each event once, serialises its payload once (shared-frames.ts) and writes it to every
// member's socket under the member's own subscription id.
//
// The sharing rule: a subscriber joins a loop only before that loop's first delivery. Until then the loop has
// delivered nothing, so a joiner gets exactly what a loop of its own would give it (the stream replays from the same
// position and follows the same doorbell); after it, the joiner would have missed what was delivered, so it starts a
// loop of its own (which may be joined in turn).
//
// Backpressure: the loop asks its stream for the next result once the fastest member's socket took the last frame
// (alone, a member holds its loop as graphql-ws held its subscription). A member more than MAX_BEHIND_BYTES behind
// while others share its loop is closed with 1013 (try again later): it would otherwise hold the others or make the
// process buffer its backlog.
import type { ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import type { Viewer } from '../resolvers/viewer';
import type { SharedFrames } from './shared-frames';

/** How far (bytes buffered in the process) a member may fall behind the others of its loop. */
export const MAX_BEHIND_BYTES = 1024 * 1024;
export const TRY_AGAIN_LATER = 1013;

/** How a loop ended for a member. */
export type LoopEnd =
  | { kind: 'complete'; refusal?: ExecutionResult } // refusal: the one result of a subscription refused at setup
  | { kind: 'failed'; error: unknown } // the stream threw while it ran
  | { kind: 'internal'; error: unknown }; // setting the operation up threw (not a GraphQL error result)

export interface LoopMember {
  readonly socket: WebSocket;
  /** The bytes of its `next` messages before the payload (shared-frames.ts nextPrefix). */
  readonly prefix: Buffer;
  /** After each result written to this member. */
  delivered?: () => void;
  /** The loop ended while this member was in it. */
  end(how: LoopEnd): void;
}

type OperationResult = ExecutionResult | AsyncIterable<ExecutionResult>;

export interface Membership {
  /** True when the member joined a loop another subscriber started (its plugins did not run for it). */
  readonly joined: boolean;
  /** The member leaves (client sent complete, socket closed); the last one out stops the loop's stream. */
  leave(): void;
}

export interface FanoutStats {
  loops: number;
  open: number;
  members: number;
}

export interface Fanout {
  /** Joins the loop of `key` that has not delivered yet, or starts one with `start` (key null: never shared). */
  join(key: string | null, member: LoopMember, start: () => OperationResult | Promise<OperationResult>): Membership;
  /** Loops running now, how many of them still accept joiners, and the members of all of them. */
  stats(): FanoutStats;
}

/** Who may share a loop: the same viewer (one user, or admin rights: what the resolvers filter by) asking the same. */
export function sharingKey(
  viewer: Viewer,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
): string {
  return [
    viewer.isAdmin ? 'admin' : 'user',
    viewer.userId,
    payload.operationName ?? '',
    JSON.stringify(payload.variables ?? null),
    payload.query,
  ].join('\u0000');
}

interface Loop {
  readonly key: string | null;
  readonly members: Set<LoopMember>;
  iterator: AsyncIterator<ExecutionResult> | null;
  /** Ends the wait of the delivery in progress (a member left: its socket may never confirm the write). */
  release: (() => void) | null;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export function makeFanout(frames: SharedFrames): Fanout {
  /** Loops that have not delivered yet, by key: the ones a subscriber may join. */
  const open = new Map<string, Loop>();
  let running = 0;
  let members = 0;

  const closeToJoiners = (loop: Loop) => {
    if (loop.key !== null && open.get(loop.key) === loop) open.delete(loop.key);
  };
  const stop = (loop: Loop) => {
    const iterator = loop.iterator;
    if (iterator?.return) void Promise.resolve(iterator.return(undefined)).catch(() => undefined);
  };
  const endAll = (loop: Loop, how: LoopEnd) => {
    closeToJoiners(loop);
    const ending = [...loop.members];
    members -= ending.length;
    loop.members.clear();
    for (const member of ending) member.end(how);
  };

  /** Writes `result` to every member; resolves once the fastest member's socket took it. */
  const deliver = (loop: Loop, result: ExecutionResult): Promise<void> => {
    const payload = frames.payloadOf(result);
    const shared = loop.members.size > 1;
    return new Promise<void>((resolve) => {
      let written = 0;
      let taken = false;
      const took = () => {
        if (taken) return;
        taken = true;
        loop.release = null;
        resolve();
      };
      loop.release = took;
      for (const member of loop.members) {
        const socket = member.socket;
        if (socket.readyState !== socket.OPEN) continue;
        if (shared && socket.bufferedAmount > MAX_BEHIND_BYTES) {
          socket.close(TRY_AGAIN_LATER, 'Try again later');
          continue;
        }
        socket.send(frames.nextFrame(member.prefix, payload), { binary: false }, took);
        written++;
        member.delivered?.();
      }
      if (written === 0) took();
    });
  };

  const run = async (loop: Loop, start: () => OperationResult | Promise<OperationResult>) => {
    running++;
    try {
      let result: OperationResult;
      try {
        result = await start();
      } catch (error) {
        return endAll(loop, { kind: 'internal', error });
      }
      if (!isAsyncIterable(result)) {
        // A query or mutation, or a subscription refused at setup: one result, then complete.
        closeToJoiners(loop);
        await deliver(loop, result);
        return endAll(loop, { kind: 'complete', refusal: result });
      }
      loop.iterator = result[Symbol.asyncIterator]();
      if (loop.members.size === 0) return stop(loop); // everyone left while it was set up
      try {
        for (;;) {
          const step = await loop.iterator.next();
          if (step.done) break;
          closeToJoiners(loop);
          if (loop.members.size === 0) break;
          await deliver(loop, step.value);
        }
      } catch (error) {
        return endAll(loop, { kind: 'failed', error });
      }
      endAll(loop, { kind: 'complete' });
    } finally {
      running--;
    }
  };

  return {
    join(key, member, start) {
      const existing = key === null ? undefined : open.get(key);
      const loop: Loop = existing ?? { key, members: new Set(), iterator: null, release: null };
      loop.members.add(member);
      members++;
      if (!existing) {
        if (key !== null) open.set(key, loop);
        void run(loop, start);
      }
      return {
        joined: existing !== undefined,
        leave() {
          if (!loop.members.delete(member)) return;
          members--;
          loop.release?.();
          if (loop.members.size > 0) return;
          closeToJoiners(loop);
          stop(loop);
        },
      };
    },
    stats: () => ({ loops: running, open: open.size, members }),
  };
}
