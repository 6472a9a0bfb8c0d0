// A skill: its rendered SKILL.md, version, score, status and the job that produced it.
import { useEffect, useState } from 'preact/hooks';
import { SkillQuery } from '../api/operations';
import { useSession } from '../api/session';
import { SkillDocument } from '../components/skill-document';
import { StatusBadge } from '../components/progress';
import type { ConsoleSkillQuery } from '../graphql/graphql';
import { Link } from '../lib/router';
import { NotFound } from './not-found';

export function SkillPage(props: { name: string }) {
  const { request } = useSession();
  const [skill, setSkill] = useState<ConsoleSkillQuery['skill'] | undefined>(undefined);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    request(SkillQuery, { name: props.name }).then(
      (data) => current && setSkill(data.skill),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => void (current = false);
  }, [request, props.name]);
  if (skill === null || error) return <NotFound what="skill" detail={error} />;
  if (!skill)
    return (
      <main id="main" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  return (
    <main id="main">
      <div class="toolbar">
        <h1>{skill.name}</h1>
        <StatusBadge status={skill.status} />
      </div>
      <dl class="facts">
        <dt>Version</dt>
        <dd>{skill.version}</dd>
        <dt>Score</dt>
        <dd>{skill.validationScore?.toFixed(2) ?? '—'}</dd>
        <dt>Path</dt>
        <dd>
          <code>{skill.taxonomyPath}</code>
        </dd>
        <dt>Job</dt>
        <dd>
          {skill.job ? (
            <Link href={`/jobs/${skill.job.jobId}`}>{skill.job.taskDescription}</Link>
          ) : (
            'none (or not yours)'
          )}
        </dd>
      </dl>
      <p>{skill.description}</p>
      <SkillDocument content={skill.content} fileName={`${skill.name}-SKILL.md`} />
    </main>
  );
}
