// A tiny history router: the server serves the console's page for every route below, so links are plain paths
// (shareable, and a reload stays where it was).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'jobs' }
  | { page: 'new' }
  | { page: 'job'; id: string }
  | { page: 'inbox' }
  | { page: 'skills' }
  | { page: 'skill'; name: string }
  | { page: 'operations' }
  | { page: 'not-found' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0 || (first === 'jobs' && parts.length === 1)) return { page: 'jobs' };
  if (first === 'jobs' && second && parts.length === 2) return { page: 'job', id: second };
  if (first === 'new' && parts.length === 1) return { page: 'new' };
  if (first === 'inbox' && parts.length === 1) return { page: 'inbox' };
  if (first === 'skills' && parts.length === 1) return { page: 'skills' };
  if (first === 'skills' && second && parts.length === 2) return { page: 'skill', name: second };
  if (first === 'operations' && parts.length === 1) return { page: 'operations' };
  return { page: 'not-found' };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((listener) => listener()));

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  listeners.forEach((listener) => listener());
}

export function useLocation(): { pathname: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return { pathname: location.pathname, search: new URLSearchParams(location.search) };
}

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props['aria-current']}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
