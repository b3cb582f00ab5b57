/**
 * A Dockerfile linter for the images in deploy/images (hadolint is not packaged for the
 * registries CI can reach). Each rule has an id, and a finding names the file, the line and the
 * rule:
 *
 * | rule | what it requires |
 * | --- | --- |
 * | AD001 | every external `FROM` image is pinned by digest (`@sha256:<64 hex>`), directly or through an `ARG` default |
 * | AD002 | the final stage runs as a non-root `USER` (not `root`, not uid `0`) |
 * | AD003 | the final stage has a `HEALTHCHECK` that is not `NONE` |
 * | AD004 | `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` use the exec (JSON array) form |
 * | AD005 | no `ADD` (use `COPY`; `ADD` fetches URLs and unpacks archives implicitly) |
 * | AD006 | no credential-like `ENV`/`ARG` with a value (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*ACCESS_KEY*`) |
 * | AD007 | `apt-get install` uses `-y --no-install-recommends` and the same `RUN` removes `/var/lib/apt/lists` |
 * | AD008 | `WORKDIR` is absolute |
 * | AD009 | the last stage has exactly one `CMD` or `ENTRYPOINT` |
 * | AD010 | unknown instruction |
 *
 * ```sh
 * node --import tsx deploy/check/dockerfile_lint.ts deploy/images/ * /Dockerfile*
 * ```
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Finding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

export interface Instruction {
  /** 1-based line of the instruction's first line. */
  line: number;
  /** Upper-cased keyword: FROM, RUN, ... */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with a space. */
  args: string;
}

const KNOWN = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/** Splits a Dockerfile into instructions: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  let current: { line: number; parts: string[] } | undefined;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (current === undefined && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (current !== undefined && trimmed.startsWith('#')) return; // comment inside a continuation
    const continues = trimmed.endsWith('\\');
    const body = continues ? trimmed.slice(0, -1).trim() : trimmed;
    if (current === undefined) current = { line: i + 1, parts: [] };
    current.parts.push(body);
    if (!continues) {
      const joined = current.parts.filter((p) => p !== '').join(' ');
      const m = /^(\S+)\s*(.*)$/s.exec(joined);
      if (m)
        out.push({ line: current.line, keyword: (m[1] ?? '').toUpperCase(), args: m[2] ?? '' });
      current = undefined;
    }
  });
  return out;
}

const DIGEST = /@sha256:[0-9a-f]{64}$/;
const CREDENTIAL = /(PASSWORD|PASSWD|SECRET|TOKEN|ACCESS_KEY|API_KEY|PRIVATE_KEY)/i;

function isExecForm(args: string): boolean {
  if (!args.trim().startsWith('[')) return false;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string');
  } catch {
    return false;
  }
}

/** `KEY=value KEY2=value2` or the legacy `KEY value` form of ENV/ARG, as [key, value?] pairs. */
function assignments(args: string): Array<[string, string | undefined]> {
  if (!args.includes('=')) {
    const [key, ...rest] = args.trim().split(/\s+/);
    return key === undefined || key === '' ? [] : [[key, rest.length ? rest.join(' ') : undefined]];
  }
  const out: Array<[string, string | undefined]> = [];
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g)) {
    out.push([m[1] ?? '', m[2]]);
  }
  return out;
}

export function lintDockerfile(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const add = (line: number, rule: string, message: string) =>
    findings.push({ file, line, rule, message });
  const instructions = parseDockerfile(text);
  const argDefaults = new Map<string, string>();
  const stageNames = new Set<string>();
  let lastFrom = -1;
  instructions.forEach((ins, i) => {
    if (!KNOWN.has(ins.keyword)) add(ins.line, 'AD010', `unknown instruction '${ins.keyword}'`);
    if (ins.keyword === 'FROM') lastFrom = i;
    if (ins.keyword === 'ARG' && lastFrom === -1) {
      for (const [k, v] of assignments(ins.args)) {
        if (v !== undefined) argDefaults.set(k, v.replace(/^["']|["']$/g, ''));
      }
    }
  });
  for (const ins of instructions) {
    switch (ins.keyword) {
      case 'FROM': {
        const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
        const image = words[0] ?? '';
        const alias = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
        const resolved = image.replace(
          /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/,
          (_, name: string) => argDefaults.get(name) ?? `$${name}`,
        );
        if (!stageNames.has(image) && resolved !== 'scratch' && !DIGEST.test(resolved)) {
          add(ins.line, 'AD001', `base image '${resolved}' is not pinned by digest (@sha256:...)`);
        }
        if (alias !== undefined) stageNames.add(alias);
        break;
      }
      case 'ADD':
        add(ins.line, 'AD005', 'ADD: use COPY (ADD fetches URLs and unpacks archives implicitly)');
        break;
      case 'ENV':
      case 'ARG':
        for (const [k, v] of assignments(ins.args)) {
          if (CREDENTIAL.test(k) && v !== undefined && v !== '' && v !== '""') {
            add(ins.line, 'AD006', `${ins.keyword} ${k} bakes a credential into the image`);
          }
        }
        break;
      case 'RUN':
        if (/\bapt-get\s+install\b/.test(ins.args)) {
          if (!/\s-y\b|--yes\b/.test(ins.args) || !/--no-install-recommends/.test(ins.args)) {
            add(ins.line, 'AD007', 'apt-get install without -y --no-install-recommends');
          }
          if (!/rm -rf \/var\/lib\/apt\/lists/.test(ins.args)) {
            add(
              ins.line,
              'AD007',
              'apt-get install without rm -rf /var/lib/apt/lists/* in the same RUN',
            );
          }
        }
        break;
      case 'WORKDIR':
        if (!ins.args.trim().startsWith('/') && !ins.args.trim().startsWith('$')) {
          add(ins.line, 'AD008', `WORKDIR '${ins.args.trim()}' is not absolute`);
        }
        break;
      case 'CMD':
      case 'ENTRYPOINT':
        if (!isExecForm(ins.args)) add(ins.line, 'AD004', `${ins.keyword} is not in exec form`);
        break;
      case 'HEALTHCHECK': {
        const cmd = /\bCMD\s+(.*)$/s.exec(ins.args);
        if (cmd && !isExecForm(cmd[1] ?? ''))
          add(ins.line, 'AD004', 'HEALTHCHECK CMD is not in exec form');
        break;
      }
    }
  }
  const final = instructions.slice(Math.max(lastFrom, 0));
  const fromLine = instructions[lastFrom]?.line ?? 1;
  if (lastFrom === -1) add(1, 'AD009', 'no FROM');
  const users = final.filter((i) => i.keyword === 'USER');
  const user = users.at(-1)?.args.trim().split(':')[0];
  if (user === undefined || user === 'root' || user === '0') {
    add(users.at(-1)?.line ?? fromLine, 'AD002', 'the final stage must run as a non-root USER');
  }
  const health = final.filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
  if (health === undefined || /^NONE\b/i.test(health.args.trim())) {
    add(health?.line ?? fromLine, 'AD003', 'the final stage has no HEALTHCHECK');
  }
  const starts = final.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (starts.length !== 1) {
    add(fromLine, 'AD009', `the final stage has ${starts.length} CMD/ENTRYPOINT, expected 1`);
  }
  return findings;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: dockerfile_lint.ts <Dockerfile>...\n');
    process.exit(2);
  }
  const findings = files.flatMap((f) => lintDockerfile(f, readFileSync(f, 'utf8')));
  for (const f of findings) process.stdout.write(`${f.file}:${f.line}: ${f.rule} ${f.message}\n`);
  process.stderr.write(`dockerfile lint: ${files.length} files, ${findings.length} findings\n`);
  process.exit(findings.length === 0 ? 0 : 1);
}
