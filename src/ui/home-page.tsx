/** Landing page after sign-in: what this deployment can do for the signed-in role. */
import type { Identity } from '../auth/identity';
import { Layout } from './layout';

export function HomePage(props: { identity: Identity }) {
  return (
    <Layout title="Home" identity={props.identity}>
      <h1>Welcome, {props.identity.name}</h1>
      <p>
        Signed in as <strong>{props.identity.role}</strong> with access to {props.identity.groups.join(', ') || 'no groups'}.
      </p>
      <p>
        Health: <a href="/api/health">/api/health</a>
      </p>
    </Layout>
  );
}
