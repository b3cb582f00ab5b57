import { parse, View, type Loader } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG string, headless (no DOM needed; the same code runs in
 * Node for the CLI and in the browser for the dashboard). Expressions are interpreted, not
 * compiled with `new Function`, so it works under a Content-Security-Policy without
 * 'unsafe-eval' (the dashboard's). Text widths are estimated when no canvas is present, which is
 * what `vega` does in Node.
 */
export async function renderSvg(
  spec: TopLevelSpec,
  options: { loader?: Loader } = {},
): Promise<string> {
  const view = new View(parse(compile(spec).spec, undefined, { ast: true }), {
    renderer: 'none',
    expr: expressionInterpreter,
    ...(options.loader ? { loader: options.loader } : {}),
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
