/** Server-rendered pages. Anonymous visitors are sent to sign in rather than shown an error. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { HomePage } from '../ui/home-page';

export const pages = new Hono<AppEnv>().get('/', (c) => {
  const me = c.var.identity;
  if (!me) return c.redirect('/sign-in', 303);
  return c.html(<HomePage identity={me} />);
});
