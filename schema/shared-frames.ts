// The `next` messages of graphql-ws, with each result's payload serialised once. Subscribers that asked the same
// thing get the same result object for an event (plugins/use-shared-event-results.ts); graphql-ws would still
// JSON.stringify the whole message once per socket, which at 10,000 subscribers is a large part of a delivery's
// CPU and garbage. Here the payload's JSON is memoised on the result object (dropped with it) and each socket's
// message is `{"id":<its id>,"type":"next","payload":` + that JSON + `}`: the bytes graphql-ws would have written.
//
// How it plugs into graphql-ws (6.x): the server's `onNext` hook returns the result object itself (graphql-ws
// would otherwise copy it into a new payload object), graphql-ws then calls `JSON.stringify(message, replacer)` and
// hands the string straight to the socket's `send`. The replacer builds the frame for a `next` message, keeps it,
// and returns undefined (so JSON.stringify does no work and returns undefined); the socket's `send` takes the kept
// frame when it is given undefined. Stringify and send run back to back with no await between them, so the frame
// kept is always the one of the message being sent.
import type { ExecutionResult } from 'graphql';

export interface SharedFrameStats {
  /** Payloads serialised (once per distinct result object). */
  payloadsSerialised: number;
  /** `next` messages written from a memoised payload. */
  nextFrames: number;
}

export interface SharedFrames {
  /** graphql-ws's `jsonMessageReplacer`. */
  replacer(this: unknown, key: string, value: unknown): unknown;
  /** What the socket sends: graphql-ws's string, or the frame the replacer kept when that is undefined. */
  frameFor(data: string | undefined): string;
  stats(): SharedFrameStats;
}

interface NextMessage {
  id: string;
  type: 'next';
  payload: ExecutionResult;
}

function isNextMessage(value: unknown): value is NextMessage {
  const message = value as Partial<NextMessage> | null;
  return (
    typeof message === 'object' &&
    message !== null &&
    message.type === 'next' &&
    typeof message.id === 'string' &&
    typeof message.payload === 'object' &&
    message.payload !== null
  );
}

/** The payload exactly as graphql-ws serialises it: the result's fields, `errors` (as toJSON gives them) last. */
function payloadJson(result: ExecutionResult): string {
  const { errors, ...rest } = result;
  return JSON.stringify(errors ? { ...rest, errors: errors.map((error) => error.toJSON()) } : rest);
}

export function makeSharedFrames(): SharedFrames {
  const payloads = new WeakMap<object, string>();
  const stats: SharedFrameStats = { payloadsSerialised: 0, nextFrames: 0 };
  let kept: string | null = null;
  return {
    replacer(key, value) {
      if (key !== '' || !isNextMessage(value)) return value;
      let json = payloads.get(value.payload);
      if (json === undefined) {
        payloads.set(value.payload, (json = payloadJson(value.payload)));
        stats.payloadsSerialised++;
      }
      stats.nextFrames++;
      kept = `{"id":${JSON.stringify(value.id)},"type":"next","payload":${json}}`;
      return undefined;
    },
    frameFor(data) {
      if (data !== undefined) return data;
      const frame = kept;
      kept = null;
      if (frame === null) throw new Error('graphql-ws sent a message that was not serialised by the shared frames');
      return frame;
    },
    stats: () => ({ ...stats }),
  };
}
