// Skills: the registry with full-text search (the server's English-stemmed search), paged.
import { useEffect, useState } from 'preact/hooks';
import { SkillsQuery } from '../api/operations';
import { useSession } from '../api/session';
import type { ConsoleSkillsQuery } from '../graphql/graphql';
import { Link, navigate, useLocation } from '../lib/router';

export function SkillsPage() {
  const { request } = useSession();
  const { search } = useLocation();
  const text = search.get('q') ?? '';
  const after = search.get('after') ?? undefined;
  const [query, setQuery] = useState(text);
  const [page, setPage] = useState<ConsoleSkillsQuery['skills']>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    setError(undefined);
    request(SkillsQuery, { first: 20, after, filter: text ? { search: text } : undefined }).then(
      (data) => current && setPage(data.skills),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => void (current = false);
  }, [request, text, after]);
  return (
    <main id="main">
      <h1>Skills</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(query.trim() ? `/skills?q=${encodeURIComponent(query.trim())}` : '/skills');
        }}
      >
        <label>
          Search skills
          <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {page && (
        <>
          <p class="muted">{page.totalCount} skills</p>
          <table class="skills">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Version</th>
                <th scope="col">Score</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {page.edges.map(({ node }) => (
                <tr key={node.name}>
                  <td>
                    <Link href={`/skills/${node.name}`}>{node.name}</Link>
                    <div class="muted small">{node.taxonomyPath}</div>
                  </td>
                  <td>{node.version}</td>
                  <td>{node.validationScore?.toFixed(2) ?? '—'}</td>
                  <td>{node.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
            <nav class="pager" aria-label="Pages">
              <button
                type="button"
                onClick={() => {
                  const params = new URLSearchParams({ ...(text ? { q: text } : {}) });
                  params.set('after', page.pageInfo.endCursor ?? '');
                  navigate(`/skills?${params}`);
                }}
              >
                Next page
              </button>
            </nav>
          )}
        </>
      )}
    </main>
  );
}
