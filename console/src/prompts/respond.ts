// Sending an answer: one request at a time per form (a double click sends once), and the server's ValidationError
// mapped back to the field it names (`answers.2.text` is the third answer sent; `answers[<id>]` names a question).
import { RespondToHitlMutation } from '../api/operations';
import type { Request } from '../api/http';
import type { RespondToHitlInput } from '../graphql/graphql';

export type Outcome = { ok: true } | { ok: false; message: string; field?: string };

export async function respond(request: Request, input: RespondToHitlInput): Promise<Outcome> {
  try {
    const { respondToHitl: result } = await request(RespondToHitlMutation, { input });
    if (result.__typename === 'RespondToHitlSuccess') return { ok: true };
    if (result.__typename === 'ValidationError')
      return { ok: false, message: result.message, field: result.field ?? undefined };
    return { ok: false, message: result.message };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The question a server field path points at, given the answers as sent. */
export function questionOfField(field: string | undefined, sent: Array<{ questionId: string }>): string | undefined {
  if (!field) return undefined;
  const byId = /^answers\[(.+)\]$/.exec(field);
  if (byId) return byId[1];
  const byIndex = /^answers\.(\d+)(\.|$)/.exec(field);
  if (byIndex) return sent[Number(byIndex[1])]?.questionId;
  return undefined;
}
