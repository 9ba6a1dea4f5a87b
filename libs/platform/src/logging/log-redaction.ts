/** Request headers that carry a credential: pino censors them wherever a request is logged. */
export const CREDENTIAL_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers["x-queue-token"]',
  'req.headers["x-admin-key"]',
  'req.headers["x-caller-assertion"]',
  'req.headers["x-metrics-key"]',
];

export const REDACTED = '[redacted]';

/** Query parameters that carry a credential (an event stream's one-time `?ticket=`, a browser's only way to send one). */
const CREDENTIAL_QUERY_PARAMETERS = new Set(['ticket', 'token', 'access_token']);

/** A request URL fit for a log line: credential query parameters censored, the rest as sent. */
export function loggableUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const parameters = url
    .slice(query + 1)
    .split('&')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      const name = equals < 0 ? parameter : parameter.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A malformed name is logged as sent; it names no credential parameter.
      }
      return CREDENTIAL_QUERY_PARAMETERS.has(decoded.toLowerCase()) ? `${name}=${REDACTED}` : parameter;
    });
  return `${url.slice(0, query)}?${parameters.join('&')}`;
}
