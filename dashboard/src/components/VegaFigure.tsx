import { useEffect, useState, type ReactNode } from 'react';
import { renderSvg, type TopLevelSpec } from '@ada/figures';

/**
 * A figure from `@ada/figures`, rendered to SVG by Vega (the same code that draws the CLI's
 * PNGs). `label` is what screen readers announce; the SVG's own marks carry aria labels too.
 */
export function VegaFigure(props: {
  spec: TopLevelSpec;
  label: string;
  testId?: string;
}): ReactNode {
  const { spec, label } = props;
  const [svg, setSvg] = useState<string>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    renderSvg(spec)
      .then((s) => live && (setSvg(s), setError(undefined)))
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [spec]);
  if (error)
    return (
      <p role="alert">
        Cannot draw {label}: {error}
      </p>
    );
  if (!svg) return <p aria-live="polite">Drawing {label}…</p>;
  return (
    <figure className="figure" data-testid={props.testId}>
      <div role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
    </figure>
  );
}
