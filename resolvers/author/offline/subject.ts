// What a task names as the subject of its skill: its content words without the lead-in, stop words and words that
// name no field ("write", "safe"). A task with none ("asdf qwer zxcv", "do the thing") says nothing to teach, and
// createSkillJob refuses it (resolvers/jobs/validation.ts).

import { coreTask, meaningfulWords } from './phrases';
import { GENERIC_WORDS } from './subject-words';

/** Content words of the task that name what it is about, in task order. */
export function subjectWords(task: string): string[] {
  const core = coreTask(task).core;
  return meaningfulWords(core).filter((w) => !GENERIC_WORDS.has(w) && !/^\d+$/.test(w) && w.length > 1);
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890'];

/** "asdf", "qwer", "zxcv", "lkjh": three or more keys next to each other on one keyboard row, in either direction. */
function isKeyboardRun(word: string): boolean {
  if (word.length < 3) return false;
  return KEYBOARD_ROWS.some((row) => row.includes(word) || [...row].reverse().join('').includes(word));
}

/** A word that could name something: has a vowel (or y), is no keyboard run and no single repeated letter. */
function couldName(word: string): boolean {
  if (!/[aeiouy]/.test(word) && !/\d/.test(word)) return false;
  if (/^(.)\1+$/.test(word)) return false;
  return !isKeyboardRun(word);
}

/** The task's subject words that could name something; empty when the task names nothing to teach. */
export function namedSubject(task: string): string[] {
  return subjectWords(task).filter(couldName);
}
