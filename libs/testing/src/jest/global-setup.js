// Fails the run at once, with a clear message, when the infrastructure is not up.
// `npm test` starts it (scripts/infra/up.sh) before Jest runs.
const net = require('node:net');

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

function hostPort(url, fallbackPort) {
  const parsed = new URL(url);
  return [parsed.hostname, Number(parsed.port || fallbackPort)];
}

module.exports = async function globalSetup() {
  const checks = [
    ['Postgres', ...hostPort(process.env.DATABASE_URL || 'postgres://127.0.0.1:5432/x', 5432)],
    ['Redis', ...hostPort(process.env.REDIS_URL || 'redis://127.0.0.1:6379', 6379)],
    ['Kafka', ...hostPort(`kafka://${(process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',')[0]}`, 9092)],
  ];
  const down = [];
  for (const [name, host, port] of checks) {
    if (!(await reachable(host, port))) down.push(`${name} at ${host}:${port}`);
  }
  if (down.length > 0) {
    throw new Error(`Test infrastructure is not reachable: ${down.join(', ')}. Run "npm run infra:up" first.`);
  }
};
