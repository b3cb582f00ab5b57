import { useState, type ReactNode } from 'react';
import { ApiProvider, useApi } from './api/context.tsx';
import type { ApiEndpoints, GraphQLClient } from './api/client.ts';
import { ExperimentPage } from './pages/ExperimentPage.tsx';
import { ExperimentsPage } from './pages/ExperimentsPage.tsx';
import { RunPage } from './pages/RunPage.tsx';
import { useRoute } from './route.ts';

/** The whole dashboard: header with the API key, then the page the URL names. */
export function App(props: {
  endpoints: ApiEndpoints;
  makeClient?: (endpoints: ApiEndpoints, apiKey: string | undefined) => GraphQLClient;
}): ReactNode {
  return (
    <ApiProvider
      endpoints={props.endpoints}
      {...(props.makeClient ? { makeClient: props.makeClient } : {})}
    >
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <a href="#/" className="brand">
          AdA dashboard
        </a>
        <ApiKeyForm />
      </header>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </ApiProvider>
  );
}

function Page(): ReactNode {
  const route = useRoute();
  switch (route.page) {
    case 'experiments':
      return <ExperimentsPage />;
    case 'experiment':
      return <ExperimentPage key={route.id} id={route.id} />;
    case 'run':
      return <RunPage key={route.id} id={route.id} />;
    case 'not-found':
      return (
        <p role="alert">
          Nothing lives at {route.path}. <a href="#/">Back to the experiments</a>
        </p>
      );
    default: {
      const never: never = route;
      return never;
    }
  }
}

function ApiKeyForm(): ReactNode {
  const { apiKey, setApiKey, role, subject, keyError } = useApi();
  const [draft, setDraft] = useState(apiKey);
  return (
    <form
      className="key-form"
      aria-label="Credentials"
      onSubmit={(e) => {
        e.preventDefault();
        setApiKey(draft);
      }}
    >
      <label htmlFor="api-key">API key</label>
      <input
        id="api-key"
        type="password"
        autoComplete="off"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        aria-describedby="api-key-status"
      />
      <button type="submit">Use key</button>
      {apiKey ? (
        <button
          type="button"
          onClick={() => {
            setDraft('');
            setApiKey('');
          }}
        >
          Forget
        </button>
      ) : null}
      <span id="api-key-status" role="status" className={keyError ? 'error' : 'hint'}>
        {keyError
          ? `Key refused: ${keyError}`
          : role
            ? `${subject ?? ''} (${role.toLowerCase()})`
            : apiKey
              ? 'checking…'
              : 'no key: read-only pages need a viewer key, actions an operator key'}
      </span>
    </form>
  );
}
