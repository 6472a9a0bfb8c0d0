// The `next` messages of graphql-transport-ws, with each result's payload serialised once. Subscribers that asked
// the same thing share one execution loop (ws-fanout.ts), and loops of the same question get the same result object
// for an event (plugins/use-shared-event-results.ts). A result's payload JSON is kept as a Buffer, memoised on the
// result object (dropped with it), and each socket's message is its own prefix `{"id":<its id>,"type":"next",
// "payload":` + that Buffer + `}`: byte for byte what graphql-ws writes (JSON.stringify of { id, type, payload },
// the result's fields in order, `errors` as toJSON gives them, last).
import type { ExecutionResult } from 'graphql';

export interface SharedFrameStats {
  /** Payloads serialised (once per distinct result object). */
  payloadsSerialised: number;
  /** `next` messages written from a memoised payload. */
  nextFrames: number;
}

export interface SharedFrames {
  /** The result's payload as graphql-ws serialises it, computed once per result object. */
  payloadOf(result: ExecutionResult): Buffer;
  /** The whole `next` message for the subscription whose prefix is `prefix` (nextPrefix). */
  nextFrame(prefix: Buffer, payload: Buffer): Buffer;
  stats(): SharedFrameStats;
}

const NEXT_SUFFIX = Buffer.from('}');

/** The bytes of a `next` message before its payload, for subscription `id`: kept per subscription. */
export function nextPrefix(id: string): Buffer {
  return Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
}

/** The payload exactly as graphql-ws serialises it: the result's fields, `errors` (as toJSON gives them) last. */
export function payloadJson(result: ExecutionResult): string {
  const { errors, ...rest } = result;
  return JSON.stringify(errors ? { ...rest, errors: errors.map((error) => error.toJSON()) } : rest);
}

export function makeSharedFrames(): SharedFrames {
  const payloads = new WeakMap<object, Buffer>();
  const stats: SharedFrameStats = { payloadsSerialised: 0, nextFrames: 0 };
  return {
    payloadOf(result) {
      let payload = payloads.get(result);
      if (payload === undefined) {
        payloads.set(result, (payload = Buffer.from(payloadJson(result))));
        stats.payloadsSerialised++;
      }
      return payload;
    },
    nextFrame(prefix, payload) {
      stats.nextFrames++;
      return Buffer.concat([prefix, payload, NEXT_SUFFIX], prefix.length + payload.length + 1);
    },
    stats: () => ({ ...stats }),
  };
}
