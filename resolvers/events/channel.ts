// The job-events channel contract, shared by the writer (the journal NOTIFYs in the transaction of each change) and
// the reader (the hub LISTENs). The payload carries ids and the sequence only, never the row (NOTIFY's 8000 bytes).
export const JOB_EVENTS_CHANNEL = 'skills_fleet_job_events';

export interface NotificationPayload {
  jobId: string;
  userId: string;
  sequence: number;
}

/** Parses a notification payload; null when it is not one of ours. */
export function parseNotification(payload: string | undefined): NotificationPayload | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<NotificationPayload>;
    if (typeof value.jobId === 'string' && typeof value.userId === 'string' && Number.isSafeInteger(value.sequence)) {
      return { jobId: value.jobId, userId: value.userId, sequence: value.sequence as number };
    }
  } catch {
    // fall through
  }
  return null;
}
