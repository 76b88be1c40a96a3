/** Sign-in: lists the demo users in local mode; in production Cloudflare Access signs people in. */
import type { DemoUser } from '../auth/demo-users';
import type { Identity } from '../auth/identity';
import { Layout } from './layout';

export function SignInPage(props: { demoUsers: readonly DemoUser[]; current: Identity | null }) {
  return (
    <Layout title="Sign in" identity={props.current}>
      <h1>Sign in</h1>
      {props.demoUsers.length === 0 ? (
        <p>This deployment signs you in through Cloudflare Access. Reload the page to continue.</p>
      ) : (
        <form method="post" action="/sign-in" class="card">
          <fieldset>
            <legend>Choose a demo user</legend>
            {props.demoUsers.map((u, i) => (
              <label class="choice">
                <input type="radio" name="user" value={u.id} required checked={i === 0} />
                {u.name} — {u.role} ({u.groups.join(', ')})
              </label>
            ))}
          </fieldset>
          <button type="submit">Sign in</button>
        </form>
      )}
    </Layout>
  );
}
