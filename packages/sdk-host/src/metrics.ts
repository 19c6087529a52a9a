/** RPC count and latency by method and status code, rendered in the Prometheus text format. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

interface Series {
  method: string;
  code: string;
  count: number;
  sum: number;
  buckets: number[];
}

export class RpcMetrics {
  private readonly series = new Map<string, Series>();

  constructor(private readonly enabled = true) {}

  observe(method: string, code: string, seconds: number): void {
    if (!this.enabled) return;
    const key = `${method}\u0000${code}`;
    let s = this.series.get(key);
    if (!s) {
      s = { method, code, count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.series.set(key, s);
    }
    s.count += 1;
    s.sum += seconds;
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.buckets[i]! += 1;
    });
  }

  render(): string {
    const lines = [
      "# HELP pipecd_plugin_grpc_requests_total Unary gRPC requests handled, by method and status code.",
      "# TYPE pipecd_plugin_grpc_requests_total counter",
    ];
    const all = [...this.series.values()].sort((a, b) => (a.method + a.code).localeCompare(b.method + b.code));
    for (const s of all) lines.push(`pipecd_plugin_grpc_requests_total{${labels(s)}} ${s.count}`);
    lines.push(
      "# HELP pipecd_plugin_grpc_request_duration_seconds Time to handle a unary gRPC request.",
      "# TYPE pipecd_plugin_grpc_request_duration_seconds histogram",
    );
    for (const s of all) {
      BUCKETS.forEach((le, i) => {
        lines.push(`pipecd_plugin_grpc_request_duration_seconds_bucket{${labels(s)},le="${le}"} ${s.buckets[i]}`);
      });
      lines.push(`pipecd_plugin_grpc_request_duration_seconds_bucket{${labels(s)},le="+Inf"} ${s.count}`);
      lines.push(`pipecd_plugin_grpc_request_duration_seconds_sum{${labels(s)}} ${s.sum}`);
      lines.push(`pipecd_plugin_grpc_request_duration_seconds_count{${labels(s)}} ${s.count}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

function labels(s: Series): string {
  return `method="${escapeLabel(s.method)}",code="${escapeLabel(s.code)}"`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
