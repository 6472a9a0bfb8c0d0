// A SKILL.md: rendered as Markdown (inert: see lib/markdown.tsx), or raw, with a download button.
import { useEffect, useState } from 'preact/hooks';
import { Markdown } from '../lib/markdown';

export function SkillDocument(props: { content: string; fileName: string }) {
  const [raw, setRaw] = useState(false);
  const [href, setHref] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([props.content], { type: 'text/markdown;charset=utf-8' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [props.content]);
  return (
    <section class="skill-document" aria-labelledby="skill-doc-heading">
      <div class="toolbar">
        <h2 id="skill-doc-heading">SKILL.md</h2>
        <button type="button" aria-pressed={raw} onClick={() => setRaw(!raw)}>
          {raw ? 'Show rendered' : 'Show raw'}
        </button>
        {href && (
          <a class="button" href={href} download={props.fileName}>
            Download SKILL.md
          </a>
        )}
      </div>
      {raw ? (
        <pre class="raw" data-testid="skill-raw">
          {props.content}
        </pre>
      ) : (
        <div data-testid="skill-rendered">
          <Markdown source={props.content} label="SKILL.md rendered" />
        </div>
      )}
    </section>
  );
}
