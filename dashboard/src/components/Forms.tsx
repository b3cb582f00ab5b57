import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useApi, errorText } from '../api/context.tsx';

/** Wraps an operator action: disabled with a reason for viewers, shows errors of the API. */
export function useAction(): {
  canMutate: boolean;
  why: string | undefined;
  busy: boolean;
  error: string | undefined;
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
} {
  const { role, apiKey } = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const canMutate = role === 'OPERATOR';
  const why = !apiKey
    ? 'Enter an operator API key above to do this.'
    : role === 'VIEWER'
      ? 'Your API key has the viewer role; this needs an operator key.'
      : role === undefined
        ? 'Checking your API key…'
        : undefined;
  const run = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (err) {
      setError(errorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { canMutate, why, busy, error, run };
}

/** A labelled text input. */
export function Field(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'number' | 'password';
  name?: string;
  multiline?: boolean;
}): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    'aria-describedby': props.hint ? hintId : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.multiline ? (
        <textarea {...common} rows={4} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
      {props.hint ? (
        <small id={hintId} className="hint">
          {props.hint}
        </small>
      ) : null}
    </div>
  );
}

/** A form for an operator action: its fieldset, submit button, and the API's answer. */
export function ActionForm(props: {
  legend: string;
  submit: string;
  onSubmit: () => Promise<void>;
  action: ReturnType<typeof useAction>;
  children: ReactNode;
}): ReactNode {
  const { action } = props;
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void action.run(props.onSubmit);
  };
  return (
    <form onSubmit={onSubmit} className="action-form" aria-label={props.legend}>
      <fieldset disabled={!action.canMutate || action.busy}>
        <legend>{props.legend}</legend>
        {props.children}
        <button type="submit">{action.busy ? 'Working…' : props.submit}</button>
      </fieldset>
      {action.why ? <p className="hint">{action.why}</p> : null}
      {action.error ? (
        <p role="alert" className="error">
          {action.error}
        </p>
      ) : null}
    </form>
  );
}

/** `1, 2, 3` or `0-2` to a list of integers; throws with the field's name. */
export function parseIntList(field: string, text: string): number[] {
  const out: number[] = [];
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      for (let i = Number(range[1]); i <= Number(range[2]); i++) out.push(i);
    } else if (/^\d+$/.test(part)) out.push(Number(part));
    else throw new Error(`${field}: '${part}' is not a whole number or a range like 0-2`);
  }
  if (out.length === 0) throw new Error(`${field}: give at least one, e.g. 0 or 0-2`);
  return out;
}

/** Comma-separated words to a list; throws with the field's name when empty. */
export function parseWords(field: string, text: string): string[] {
  const out = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (out.length === 0) throw new Error(`${field}: give at least one`);
  return out;
}
