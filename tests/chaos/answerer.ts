// A scripted person: follows hitlPromptPending (all of their jobs) over graphql-ws and answers each prompt over
// HTTP like a diligent person would. Survives the API going away (resubscribes, retries the answer). Like the
// console's inbox, it keeps the first copy of each prompt id and skips a result with errors (it neither resubscribes
// nor reads the database then): a prompt reaches it only if the subscription delivers it.
import type { HitlInteraction } from '../../prisma/database';
import { makeWsClient, type SubscriptionClient } from '../helpers/clients';
import { goodAnswers } from '../helpers/hitl';
import { post, RESPOND } from '../helpers/http';

const PROMPTS = `subscription { hitlPromptPending { interactionId interactionType promptData job { jobId } } }`;

export interface Answerer {
  answered: number;
  /** Answers refused for a reason other than "already answered / job cancelled meanwhile". */
  failures: string[];
  resubscriptions: number;
  /** Ids of the prompts the subscription delivered (each answered once). */
  delivered: ReadonlySet<number>;
  /** Results that came with errors instead of a prompt (a delivery that failed, e.g. while the database was away). */
  errorResults: string[];
  stop(): Promise<void>;
}

export function startScriptedAnswerer(getUrl: () => string, user: string, { retryForMs = 120_000 } = {}): Answerer {
  const handled = new Set<number>();
  const state: Answerer = {
    answered: 0,
    failures: [],
    resubscriptions: 0,
    delivered: handled,
    errorResults: [],
    stop: async () => undefined,
  };
  let stopped = false;
  let client: SubscriptionClient | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  const pending = new Set<Promise<void>>();

  const answer = async (item: { interactionId: number; promptData: unknown }) => {
    const input = goodAnswers({ interactionId: item.interactionId, promptData: item.promptData } as HitlInteraction);
    const deadline = Date.now() + retryForMs;
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const result = await post<{ respondToHitl: { __typename: string; code?: string; message?: string } }>(
          getUrl(),
          RESPOND,
          { input: { ...input, interactionId: String(input.interactionId) } },
          user,
        );
        const payload = result.body.data?.respondToHitl;
        if (payload?.__typename === 'RespondToHitlSuccess') {
          state.answered++;
          return;
        }
        if (payload?.code === 'INVALID_STATE') return; // answered already (a retry whose first try went through), or cancelled
        if (payload) {
          state.failures.push(`interaction ${item.interactionId}: ${payload.__typename} ${payload.message}`);
          return;
        }
        throw new Error(`HTTP ${result.status}: ${result.text.slice(0, 300)}`);
      } catch (error) {
        // The API or the database is away: try again, bounded.
        if (Date.now() > deadline) {
          state.failures.push(
            `interaction ${item.interactionId}: gave up: ${error instanceof Error ? error.message : String(error)}`,
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** Math.min(attempt, 5))));
      }
    }
  };

  const subscribe = () => {
    if (stopped) return;
    const current = makeWsClient(getUrl(), { 'x-user-id': user });
    client = current;
    current.subscribe(
      { query: PROMPTS },
      {
        next(result) {
          if (result.errors?.length) state.errorResults.push(JSON.stringify(result.errors).slice(0, 300));
          const item = result.data?.hitlPromptPending as { interactionId: number; promptData: unknown } | undefined;
          if (!item || handled.has(item.interactionId)) return;
          handled.add(item.interactionId);
          const work = answer(item).finally(() => pending.delete(work));
          pending.add(work);
        },
        error() {
          resubscribeSoon(current);
        },
        complete() {
          resubscribeSoon(current);
        },
      },
    );
  };
  const resubscribeSoon = (from: SubscriptionClient) => {
    if (stopped || client !== from) return;
    void from.close().catch(() => undefined);
    state.resubscriptions++;
    retryTimer = setTimeout(subscribe, 250);
  };
  subscribe();

  state.stop = async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    await client?.close().catch(() => undefined);
    await Promise.allSettled([...pending]);
  };
  return state;
}
