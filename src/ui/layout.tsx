/** The page shell: navigation, the signed-in user and role, and the stylesheet (same origin only). */
import type { Child } from 'hono/jsx';
import type { Identity } from '../auth/identity';

export function Layout(props: { title: string; identity: Identity | null; children: Child }) {
  const me = props.identity;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Edge RAG</title>
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">Edge RAG</a>
          {me ? (
            <form method="post" action="/sign-out" class="whoami">
              <span>
                {me.name} <span class="role">{me.role}</span>
              </span>
              <button type="submit">Sign out</button>
            </form>
          ) : (
            <a href="/sign-in">Sign in</a>
          )}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
