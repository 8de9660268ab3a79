/* eslint-disable @typescript-eslint/no-explicit-any -- a test client: each test reads the fields of what a route answered */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  raw: LightMyRequestResponse;
}

/**
 * A browser-like client of the API for tests: keeps its session cookie and sends its CSRF token, as the web
 * pages do.
 */
export class ApiClient {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async request<T = any>(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const raw = await this.app.inject({
      method,
      url: url.startsWith('/api') ? url : `/api/v1${url}`,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
    });
    const setCookie = raw.cookies.find((c) => c.name === 'twoway_session');
    if (setCookie) this.cookie = setCookie.value ? `twoway_session=${setCookie.value}` : undefined;
    const type = String(raw.headers['content-type'] ?? '');
    const parsed = type.includes('json') && raw.body ? (JSON.parse(raw.body) as T) : (raw.body as T);
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed)
      this.csrf = (parsed as { csrfToken: string }).csrfToken;
    return { status: raw.statusCode, body: parsed, raw };
  }

  get<T = any>(url: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', url, body);
  }
  put<T = any>(url: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', url, body);
  }

  /** Uploads files as the import page does (multipart/form-data), fields first. */
  async upload<T = any>(
    url: string,
    fields: Record<string, string>,
    files: { name: string; content: string | Buffer }[],
    method: 'POST' | 'PUT' = 'POST',
  ): Promise<ApiResponse<T>> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append('files', new Blob([f.content]), f.name);
    const request = new Request('http://twoway.test/', { method: 'POST', body: form });
    const payload = Buffer.from(await request.arrayBuffer());
    return this.request<T>(method, url, payload, { 'content-type': request.headers.get('content-type')! });
  }
}
