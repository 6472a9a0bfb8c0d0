// Small display helpers shared by the pages. (The phases and statuses in order come from the API: Session.workflow.)
const LABELS: Record<string, string> = {
  PENDING_HITL: 'Waiting for input',
  PENDING_REVIEW: 'Pending review',
  HITL_REQUESTED: 'Prompt raised',
  HITL_RESPONDED: 'Prompt answered',
  HITL_TIMED_OUT: 'Prompt timed out',
};

/** An enum value as words: TDD_RED -> "TDD red", PHASE_STARTED -> "Phase started". */
export function humanize(value: string): string {
  const label = LABELS[value];
  if (label) return label;
  const words = value.toLowerCase().replace(/_/g, ' ');
  return (words.charAt(0).toUpperCase() + words.slice(1)).replace(/^Tdd\b/, 'TDD');
}

export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

export function countdown(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

export function words(text: string): number {
  return text.trim() === '' ? 0 : text.trim().split(/\s+/).length;
}
