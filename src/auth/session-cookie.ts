/** The demo sign-in session: a signed, HttpOnly, SameSite=Strict cookie holding the user id and expiry. */
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { z } from 'zod';

const COOKIE = 'session';
const TTL_SECONDS = 8 * 60 * 60;
const sessionSchema = z.object({ uid: z.string().min(1), exp: z.number() });

export async function startSession(c: Context, secret: string, userId: string): Promise<void> {
  const value = JSON.stringify({ uid: userId, exp: Date.now() + TTL_SECONDS * 1000 });
  await setSignedCookie(c, COOKIE, value, secret, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: TTL_SECONDS,
  });
}

export function endSession(c: Context): void {
  deleteCookie(c, COOKIE, { path: '/', secure: true });
}

/** Returns the signed-in user id, or null when the cookie is absent, tampered with or expired. */
export async function readSession(c: Context, secret: string): Promise<string | null> {
  const raw = await getSignedCookie(c, secret, COOKIE);
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = sessionSchema.safeParse(json);
  if (!parsed.success || parsed.data.exp < Date.now()) return null;
  return parsed.data.uid;
}
