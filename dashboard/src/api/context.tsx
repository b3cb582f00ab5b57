import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { ApiError, GraphQLClient, type ApiEndpoints } from './client.ts';
import { VIEWER, type Role } from './operations.ts';

const KEY_STORAGE = 'ada.dashboard.apiKey';

export interface ApiState {
  client: GraphQLClient;
  apiKey: string;
  setApiKey: (key: string) => void;
  /** Role of the key as the API reports it (undefined while unknown or without a key). */
  role: Role | undefined;
  subject: string | undefined;
  /** Why the key was refused, if it was. */
  keyError: string | undefined;
}

const ApiContext = createContext<ApiState | undefined>(undefined);

/** Gives the pages one GraphQL client, built from the endpoints and the API key entered. */
export function ApiProvider(props: {
  endpoints: ApiEndpoints;
  /** Builds the client for a key (tests pass one whose transport they control). */
  makeClient?: (endpoints: ApiEndpoints, apiKey: string | undefined) => GraphQLClient;
  children: ReactNode;
}): ReactNode {
  const { endpoints, makeClient } = props;
  const [apiKey, setKey] = useState(() => window.localStorage.getItem(KEY_STORAGE) ?? '');
  const client = useMemo(
    () =>
      makeClient
        ? makeClient(endpoints, apiKey || undefined)
        : new GraphQLClient(endpoints, apiKey || undefined),
    [endpoints, apiKey, makeClient],
  );
  useEffect(() => () => client.dispose(), [client]);
  const [viewer, setViewer] = useState<{ role?: Role; subject?: string; error?: string }>({});
  useEffect(() => {
    let live = true;
    setViewer({});
    if (!apiKey) return;
    client
      .request<{ viewer: { subject: string; role: Role } }>(VIEWER)
      .then((d) => live && setViewer({ role: d.viewer.role, subject: d.viewer.subject }))
      .catch((err: unknown) => live && setViewer({ error: errorText(err) }));
    return () => {
      live = false;
    };
  }, [client, apiKey]);
  const setApiKey = useCallback((key: string) => {
    const k = key.trim();
    if (k) window.localStorage.setItem(KEY_STORAGE, k);
    else window.localStorage.removeItem(KEY_STORAGE);
    setKey(k);
  }, []);
  const value = useMemo<ApiState>(
    () => ({
      client,
      apiKey,
      setApiKey,
      role: viewer.role,
      subject: viewer.subject,
      keyError: viewer.error,
    }),
    [client, apiKey, setApiKey, viewer],
  );
  return <ApiContext.Provider value={value}>{props.children}</ApiContext.Provider>;
}

export function useApi(): ApiState {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi must be used inside <ApiProvider>');
  return api;
}

/** A readable message for an error from the API (with the fields at fault, for bad input). */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
    return `${err.message}${fields ? ` (${fields})` : ''} [${err.code}]`;
  }
  return err instanceof Error ? err.message : String(err);
}

export interface QueryState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  refetch: () => void;
}

/** Runs a query when its variables change, and again on `refetch()`. */
export function useQuery<T>(query: string, variables: Record<string, unknown>): QueryState<T> {
  const { client } = useApi();
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const vars = JSON.stringify(variables);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    client
      .request<T>(query, JSON.parse(vars) as Record<string, unknown>)
      .then((data) => live && setState({ data, loading: false }))
      .catch(
        (err: unknown) =>
          live && setState((s) => ({ ...s, error: errorText(err), loading: false })),
      );
    return () => {
      live = false;
    };
  }, [client, query, vars, tick]);
  const refetch = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, refetch };
}
