import { runFlow } from './helpers/offline-author';
import { VARIED_TASKS } from './helpers/varied-tasks';
import { validateSkill } from '../resolvers/skill-content/validator';
const i = Number(process.argv[2] ?? 10);
runFlow(VARIED_TASKS[i]!).then((f) => {
  console.log(JSON.stringify(f.refinement, null, 1));
  console.log(f.round1.questions.map((q) => q.text).join('\n'));
  console.log(f.refactored.content);
  const r = validateSkill(f.refactored.content, { rationalizations: f.scenarios.rationalizations });
  console.log(r.passed, r.score, r.errors, r.warnings);
});
