/** The page shell: navigation per role, the signed-in user and role, the stylesheet and page scripts (same origin only). */
import type { Child } from 'hono/jsx';
import type { Identity } from '../auth/identity';
import { can } from '../auth/policy';

export interface LayoutProps {
  title: string;
  identity: Identity | null;
  children: Child;
  /** Which nav entry is current (its href). */
  current?: string;
  /** Page scripts under /static, loaded with defer. */
  scripts?: string[];
}

function navLinks(me: Identity): { href: string; label: string }[] {
  const links = [
    { href: '/', label: 'Ask' },
    { href: '/tasks', label: 'My tasks' },
  ];
  if (can(me.role, 'reviews:read')) links.push({ href: '/reviews', label: 'Review queue' });
  if (can(me.role, 'documents:write')) links.push({ href: '/documents', label: 'Documents' });
  if (can(me.role, 'metrics:read')) links.push({ href: '/dashboard', label: 'Dashboard' });
  if (can(me.role, 'evals:read')) links.push({ href: '/inbox', label: 'Inbox' });
  return links;
}

export function Layout(props: LayoutProps) {
  const me = props.identity;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Edge RAG</title>
        <link rel="stylesheet" href="/static/app.css" />
        {(props.scripts ?? []).map((s) => (
          <script src={`/static/${s}`} defer></script>
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            Edge RAG
          </a>
          {me ? (
            <nav aria-label="Main">
              <ul class="nav">
                {navLinks(me).map((l) => (
                  <li>
                    <a href={l.href} aria-current={props.current === l.href ? 'page' : undefined}>
                      {l.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {me ? (
            <form method="post" action="/sign-out" class="whoami">
              <span>
                <span class="who">{me.name}</span> <span class="role">{me.role}</span>
              </span>
              <button type="submit" class="secondary">
                Sign out
              </button>
            </form>
          ) : (
            <a href="/sign-in">Sign in</a>
          )}
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}
