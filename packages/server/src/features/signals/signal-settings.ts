/**
 * The signal sources a server may query (R4.5), as settings: gates name a source, never an address
 * or a credential. `RIPCORD_SIGNAL_SOURCES` lists them (`prometheus:main=http://127.0.0.1:9090,
 * datadog:dd=https://api.datadoghq.com`); each source's credentials come from its own variables
 * (`RIPCORD_SIGNAL_MAIN_BEARER_TOKEN`, `…_BASIC_AUTH`, `…_CA_FILE`, `…_API_KEY`, `…_APP_KEY`). Parsing
 * returns a value; config.ts turns a problem into a startup error. Secrets are never in a message.
 */
import fs from 'node:fs';

/** How a source authenticates. */
export type SignalAuth =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'datadog'; apiKey: string; appKey: string };

/** One configured source. */
export interface SignalSourceConfig {
  name: string;
  system: 'prometheus' | 'datadog';
  /** Base URL, without credentials (`http://127.0.0.1:9090`, `https://api.datadoghq.com`). */
  url: string;
  auth: SignalAuth;
  /** PEM of the CA that signed an https source's certificate, when not a public one. */
  ca?: string;
}

/** Parsed sources, or the first problem. */
export type SourcesResult = { ok: true; sources: SignalSourceConfig[] } | { ok: false; message: string };

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The environment-variable prefix of a source's credentials: `main-eu` → `RIPCORD_SIGNAL_MAIN_EU_`. */
export function credentialPrefix(name: string): string {
  return `RIPCORD_SIGNAL_${name.toUpperCase().replace(/-/g, '_')}_`;
}

/** A source as it may be logged or shown: system, name and address, never a credential. */
export function describeSource(source: SignalSourceConfig): string {
  return `${source.system}:${source.name}=${source.url}`;
}

/** Parses `RIPCORD_SIGNAL_SOURCES` and each source's credential variables. */
export function parseSignalSources(env: Record<string, string | undefined>): SourcesResult {
  const value = env.RIPCORD_SIGNAL_SOURCES;
  if (value === undefined || value.trim() === '') return { ok: true, sources: [] };
  const sources: SignalSourceConfig[] = [];
  for (const [index, raw] of value.split(',').entries()) {
    const where = `RIPCORD_SIGNAL_SOURCES entry ${index + 1}`;
    const match = /^\s*(prometheus|datadog):([a-z][a-z0-9_-]{0,39})=(\S+)\s*$/.exec(raw);
    if (!match)
      return {
        ok: false,
        message: `${where} must read <prometheus|datadog>:<name>=<url>, e.g. prometheus:main=http://127.0.0.1:9090 (names are lowercase)`,
      };
    const [, system, name, url] = match as unknown as [string, 'prometheus' | 'datadog', string, string];
    if (sources.some((s) => s.name === name)) return { ok: false, message: `${where} repeats the source name ${name}` };
    const built = buildSource(system, name, url, env);
    if (!built.ok) return built;
    sources.push(...built.sources);
  }
  return { ok: true, sources };
}

function buildSource(
  system: SignalSourceConfig['system'],
  name: string,
  raw: string,
  env: Record<string, string | undefined>,
): SourcesResult {
  const prefix = credentialPrefix(name);
  const fail = (message: string): SourcesResult => ({ ok: false, message: `signal source ${name}: ${message}` });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('the address must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('the address must use http or https');
  if (url.username !== '' || url.password !== '')
    return fail(`put credentials in ${prefix}BASIC_AUTH or ${prefix}BEARER_TOKEN, not in the URL`);
  if (url.search !== '' || url.hash !== '') return fail('the address must not have a query or #fragment');
  const auth = authFrom(system, prefix, env);
  if (typeof auth === 'string') return fail(auth);
  if (auth.kind !== 'none' && url.protocol === 'http:' && !loopbackHosts.has(url.hostname))
    return fail(
      'credentials would travel in clear text: use https (plain http only for loopback or credential-free sources)',
    );
  const caFile = env[`${prefix}CA_FILE`];
  let ca: string | undefined;
  if (caFile !== undefined && caFile !== '') {
    if (url.protocol !== 'https:') return fail(`${prefix}CA_FILE applies to https addresses`);
    try {
      ca = fs.readFileSync(caFile, 'utf8');
    } catch {
      return fail(`${prefix}CA_FILE ${caFile} cannot be read`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) return fail(`${prefix}CA_FILE ${caFile} holds no PEM certificate`);
  }
  const base = url.href.replace(/\/+$/, '');
  return { ok: true, sources: [{ name, system, url: base, auth, ...(ca === undefined ? {} : { ca }) }] };
}

function authFrom(
  system: SignalSourceConfig['system'],
  prefix: string,
  env: Record<string, string | undefined>,
): SignalAuth | string {
  const get = (key: string) => {
    const v = env[`${prefix}${key}`];
    return v === undefined || v === '' ? undefined : v;
  };
  if (system === 'datadog') {
    const apiKey = get('API_KEY');
    const appKey = get('APP_KEY');
    if (apiKey === undefined || appKey === undefined)
      return `Datadog's query API needs ${prefix}API_KEY and ${prefix}APP_KEY`;
    return { kind: 'datadog', apiKey, appKey };
  }
  const token = get('BEARER_TOKEN');
  const basic = get('BASIC_AUTH');
  if (token !== undefined && basic !== undefined) return `set ${prefix}BEARER_TOKEN or ${prefix}BASIC_AUTH, not both`;
  if (token !== undefined) return { kind: 'bearer', token };
  if (basic === undefined) return { kind: 'none' };
  const colon = basic.indexOf(':');
  if (colon <= 0) return `${prefix}BASIC_AUTH must read <user>:<password>`;
  return { kind: 'basic', username: basic.slice(0, colon), password: basic.slice(colon + 1) };
}
