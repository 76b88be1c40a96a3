/** Users and their roles: the source of roles in production (Access) and the demo users' rows locally. */
import { count, eq } from 'drizzle-orm';
import type { Role } from '../auth/policy';
import type { Db } from './client';
import { users } from './schema';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export async function countOperators(db: Db): Promise<number> {
  const row = await db.select({ n: count() }).from(users).where(eq(users.role, 'operator')).get();
  return row?.n ?? 0;
}

/** Inserts the user unless one with the same id or email exists, in one statement (demo sign-in, once per isolate). */
export async function ensureUserExists(db: Db, user: { id: string; email: string; name: string; role: Role; groups: string[] }): Promise<void> {
  await db.insert(users).values(user).onConflictDoNothing();
}

/** Inserts the user unless one with the same id or email exists; returns the stored row. */
export async function ensureUser(
  db: Db,
  user: { id: string; email: string; name: string; role: Role; groups: string[] },
): Promise<UserRow> {
  await db.insert(users).values(user).onConflictDoNothing();
  const row = await findUserByEmail(db, user.email);
  if (!row) throw new Error(`user ${user.email} could not be stored`);
  return row;
}
