/**
 * How the simulated application calls a model route: JSON over HTTP/1.1 on loopback with a
 * keep-alive agent, so thousands of calls per simulated minute stay cheap.
 */
import http from 'node:http';

/** The status and parsed JSON body of one call. */
export interface ModelReply {
  status: number;
  body: unknown;
}

/** A keep-alive JSON client for the local model services. */
export class ModelClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  /** POSTs `body` as JSON to `url`; network failures reject. */
  post(url: string, body: unknown): Promise<ModelReply> {
    const text = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = JSON.parse(raw) as unknown;
            } catch {
              parsed = raw;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  }

  /** GETs a health URL; true on any 2xx. */
  async healthy(url: string): Promise<boolean> {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }
}
