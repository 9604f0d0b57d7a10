/**
 * HTTP for the built-in actuator kinds: the credential read from the server environment at call
 * time (never stored, never shown: a dry run names the variable instead), a timeout per attempt,
 * retries with backoff for calls that are safe to repeat, redirects never followed, and errors
 * that name the status and the vendor's message but never the credential.
 */
import { errorCode } from '../actuator-client.js';

/** One request as a kind describes it. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  /** Content type of `body` (default application/json). */
  contentType?: string;
  body?: unknown;
  /** What the call is for, as the dry run lists it. */
  purpose: 'read' | 'apply' | 'read-back' | 'check' | 'poll';
  /** False for a call that must not be repeated after a timeout (it may have taken effect). */
  idempotent?: boolean;
}

/** A request as a dry run prints it: the credential appears as its variable name. */
export interface CallView {
  method: HttpRequest['method'];
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  purpose: HttpRequest['purpose'];
}

/** An answer: the status and the parsed JSON body (undefined when it was not JSON). */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** A failure an actuator reports as is (its message is safe to store and show). */
export class ActuationError extends Error {
  constructor(
    message: string,
    /** True when trying again later may succeed (network, 5xx, 429). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'ActuationError';
  }
}

/** How a kind authenticates. */
export interface HttpAuth {
  scheme: 'Bearer' | 'Basic';
  /** The server environment variable holding the token (Basic: `user:password`). */
  envName: string;
}

/** What an `ActuatorHttp` needs. */
export interface HttpOptions {
  /** Who is calling, for error messages ("the serving actuator"). */
  label: string;
  auth: HttpAuth | null;
  secret: (envName: string) => string | undefined;
  timeoutMs: number;
  attempts: number;
  /** First retry delay; doubles per attempt up to 10 s (default 500 ms). */
  backoffMs?: number;
}

const MAX_DELAY_MS = 10_000;

/** Sends the requests of one actuator. */
export class ActuatorHttp {
  constructor(private readonly options: HttpOptions) {}

  /** The request as a dry run shows it. */
  view(req: HttpRequest): CallView {
    const auth = this.options.auth;
    return {
      method: req.method,
      url: req.url,
      headers: {
        ...(req.body !== undefined ? { 'content-type': req.contentType ?? 'application/json' } : {}),
        ...(auth ? { authorization: `${auth.scheme} $${auth.envName}` } : {}),
      },
      ...(req.body !== undefined ? { body: req.body } : {}),
      purpose: req.purpose,
    };
  }

  /** Whether the credential is set on the server (readiness). */
  credentialMissing(): string | null {
    const auth = this.options.auth;
    if (!auth || this.options.secret(auth.envName)) return null;
    return `the ${this.options.label} has no credential: set ${auth.envName} on the server`;
  }

  /** Sends `req`, retrying what may succeed later; throws ActuationError when it cannot get an answer. */
  async send(req: HttpRequest): Promise<HttpAnswer> {
    const missing = this.credentialMissing();
    if (missing) throw new ActuationError(missing);
    const attempts = req.idempotent === false ? 1 : this.options.attempts;
    let last = new ActuationError(`${this.options.label}: not attempted`, true);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const answer = await this.once(req);
        if (answer.status < 500 && answer.status !== 429 && answer.status !== 408) return answer;
        last = new ActuationError(
          `${this.where(req)} answered HTTP ${answer.status}${vendorMessage(answer.body)}`,
          true,
        );
        if (attempt === attempts) return answer;
      } catch (error) {
        last = error instanceof ActuationError ? error : new ActuationError(String(error));
        if (!last.retryable) throw last;
      }
      if (attempt < attempts) await sleep(Math.min(MAX_DELAY_MS, (this.options.backoffMs ?? 500) * 2 ** (attempt - 1)));
    }
    throw last;
  }

  private async once(req: HttpRequest): Promise<HttpAnswer> {
    const auth = this.options.auth;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'ripcord-actuator/0.1' };
    if (auth) {
      const secret = this.options.secret(auth.envName) ?? '';
      headers.authorization =
        auth.scheme === 'Bearer' ? `Bearer ${secret}` : `Basic ${Buffer.from(secret).toString('base64')}`;
    }
    if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const res = await fetch(req.url, {
        method: req.method,
        headers,
        redirect: 'manual',
        signal,
        ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
      });
      const text = await res.text();
      if (res.status >= 300 && res.status < 400)
        throw new ActuationError(`${this.where(req)} answered HTTP ${res.status} (redirects are not followed)`);
      return { status: res.status, body: parseJson(text) };
    } catch (error) {
      if (error instanceof ActuationError) throw error;
      if (signal.aborted)
        throw new ActuationError(`${this.where(req)}: no answer within ${this.options.timeoutMs} ms`, true);
      throw new ActuationError(`${this.where(req)}: network error (${errorCode(error)})`, true);
    }
  }

  private where(req: HttpRequest): string {
    return `the ${this.options.label} (${req.method} ${new URL(req.url).pathname})`;
  }
}

/**
 * Turns a non-2xx answer into an error a person can act on: 401 and 403 name the credential and
 * the permission, 404 the object; other statuses carry the vendor's message.
 */
export function expectOk(answer: HttpAnswer, what: string, need: string): HttpAnswer {
  if (answer.status >= 200 && answer.status < 300) return answer;
  const message = vendorMessage(answer.body);
  if (answer.status === 401)
    throw new ActuationError(`${what}: not authenticated (HTTP 401)${message}: check the token`);
  if (answer.status === 403)
    throw new ActuationError(`${what}: not permitted (HTTP 403)${message}: the token needs ${need}`);
  if (answer.status === 404) throw new ActuationError(`${what} does not exist (HTTP 404)${message}`);
  throw new ActuationError(`${what}: HTTP ${answer.status}${message}`, answer.status >= 500 || answer.status === 429);
}

/** The message a vendor put in an error body (Kubernetes Status, MLflow, Databricks), shortened. */
export function vendorMessage(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const b = body as { message?: unknown; error_code?: unknown };
  const code = typeof b.error_code === 'string' ? `${b.error_code}: ` : '';
  return typeof b.message === 'string' ? ` (${code}${b.message.slice(0, 300)})` : '';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
