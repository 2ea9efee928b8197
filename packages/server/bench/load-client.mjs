/**
 * The load bench's HTTP client, run as a child process (`fork`) so the load it generates does not share the
 * server's event loop: receives one autocannon run as an IPC message `{ url, connections, duration, headers }`,
 * stops early on the message 'stop', and answers with the run's summary.
 */
import autocannon from 'autocannon';

process.once('message', (spec) => {
  const instance = autocannon(
    { url: spec.url, connections: spec.connections, duration: spec.duration, headers: spec.headers },
    (err, r) => {
      if (err) {
        process.send({ error: String(err) }, () => process.exit(1));
        return;
      }
      process.send(
        {
          requests: r.requests.total,
          rps: r.requests.average,
          seconds: r.duration,
          p50: r.latency.p50,
          p99: r.latency.p99,
          p999: r.latency.p99_9,
          max: r.latency.max,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
        },
        () => process.exit(0),
      );
    },
  );
  process.on('message', (m) => {
    if (m === 'stop') instance.stop();
  });
});
