/** Sign-in and sign-out for the local demo users. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { DEMO_USERS } from '../auth/demo-users';
import { endSession, startSession } from '../auth/session-cookie';
import { ValidationError } from '../errors';
import { SignInPage } from '../ui/sign-in-page';

const signInForm = z.object({ user: z.string().min(1) });

export const session = new Hono<AppEnv>()
  .get('/sign-in', (c) => {
    const demo = c.var.services.config.AUTH_MODE === 'demo';
    return c.html(<SignInPage demoUsers={demo ? DEMO_USERS : []} current={c.var.identity} />);
  })
  .post('/sign-in', async (c) => {
    const { config } = c.var.services;
    if (config.AUTH_MODE !== 'demo') throw new ValidationError('Sign in through Cloudflare Access.');
    const fields = await c.req.formData().then(
      (f) => Object.fromEntries(f),
      () => undefined,
    );
    const form = signInForm.safeParse(fields);
    const user = form.success ? DEMO_USERS.find((u) => u.id === form.data.user) : undefined;
    if (!user) throw new ValidationError('Choose one of the demo users.');
    await startSession(c, config.SESSION_SECRET, user.id);
    return c.redirect('/', 303);
  })
  .post('/sign-out', (c) => {
    endSession(c);
    return c.redirect('/sign-in', 303);
  });
