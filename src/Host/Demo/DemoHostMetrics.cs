using System.Diagnostics.CodeAnalysis;
using MetricStream.Avro.Records;

namespace MetricStream.Host.Demo;

/// <summary>
/// Simulated hosts for <c>metricstream up --demo</c>: each <see cref="Sample"/> gives, for every host, the points
/// a Telegraf agent with the cpu, mem, disk and net inputs would report at that time:
/// <c>cpu,cpu=cpu-total,host=H usage_user,usage_system,usage_idle</c> (percent, summing to 100),
/// <c>mem,host=H used_percent,available</c> (bytes, integer), <c>disk,host=H,path=M used_percent</c> for the
/// mounts <c>/</c>, <c>/var</c>, <c>/home</c>, and <c>net,host=H,interface=eth0 bytes_recv,bytes_sent</c>
/// (integer counters that only grow).
/// </summary>
/// <remarks>
/// Deterministic: the same seed and the same sample times give the same points. Values move as bounded random
/// walks around a per-host baseline, counters grow by a per-host rate times the time since the previous sample.
/// Not thread-safe (one agent loop owns it).
/// </remarks>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Demo data must be reproducible from a seed; nothing here is a secret.")]
internal sealed class DemoHostMetrics
{
    /// <summary>The disk mounts every simulated host reports.</summary>
    public static readonly IReadOnlyList<string> Mounts = ["/", "/var", "/home"];

    private static readonly string[] Roles = ["web", "api", "db", "cache", "worker"];
    private readonly Random _random;
    private readonly HostState[] _hosts;
    private DateTimeOffset? _previous;

    /// <summary>Creates <paramref name="hosts"/> simulated hosts from <paramref name="seed"/>.</summary>
    /// <param name="hosts">Number of hosts, 1 or more.</param>
    /// <param name="seed">Seed of every random choice.</param>
    public DemoHostMetrics(int hosts, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hosts, 1);
        _random = new Random(seed);
        _hosts = new HostState[hosts];
        for (var i = 0; i < hosts; i++)
        {
            var name = $"{Roles[i % Roles.Length]}-{(i / Roles.Length) + 1:00}";
            _hosts[i] = new HostState(name, _random);
        }
    }

    /// <summary>Host names, e.g. <c>web-01</c>, <c>api-01</c>, ..., <c>web-02</c>.</summary>
    public IReadOnlyList<string> Hosts => _hosts.Select(h => h.Name).ToArray();

    /// <summary>Points per host per sample (1 cpu + 1 mem + 3 disk + 1 net).</summary>
    public static int PointsPerHost => 3 + Mounts.Count;

    /// <summary>
    /// Advances every host to <paramref name="time"/> and returns their points, all stamped with it (whole
    /// seconds). Counters grow by the time since the previous sample (10 s for the first).
    /// </summary>
    /// <param name="time">The sample time; later than the previous one.</param>
    /// <returns>New points, <see cref="PointsPerHost"/> per host, in host order.</returns>
    public IReadOnlyList<MetricPoint> Sample(DateTimeOffset time)
    {
        var elapsed = _previous is { } previous ? (time - previous).TotalSeconds : 10;
        if (elapsed <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"sample times must increase (previous {_previous:O})");
        }

        _previous = time;
        var stamp = time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerSecond));
        var points = new List<MetricPoint>(_hosts.Length * PointsPerHost);
        foreach (var host in _hosts)
        {
            host.Advance(_random, elapsed);
            points.Add(Point("cpu", host.Name, stamp).AddTag("cpu", "cpu-total")
                .AddField("usage_user", Round(host.CpuUser))
                .AddField("usage_system", Round(host.CpuSystem))
                .AddField("usage_idle", Round(100 - Round(host.CpuUser) - Round(host.CpuSystem))));
            points.Add(Point("mem", host.Name, stamp)
                .AddField("used_percent", Round(host.MemUsedPercent))
                .AddField("available", (long)(host.MemTotalBytes * (100 - host.MemUsedPercent) / 100)));
            for (var m = 0; m < Mounts.Count; m++)
            {
                points.Add(Point("disk", host.Name, stamp).AddTag("path", Mounts[m]).AddField("used_percent", Round(host.DiskUsedPercent[m])));
            }

            points.Add(Point("net", host.Name, stamp).AddTag("interface", "eth0")
                .AddField("bytes_recv", host.BytesReceived)
                .AddField("bytes_sent", host.BytesSent));
        }

        return points;
    }

    private static MetricPoint Point(string measurement, string host, DateTimeOffset time)
    {
        var point = new MetricPoint { Measurement = measurement, Timestamp = time };
        return point.AddTag("host", host);
    }

    private static double Round(double value) => Math.Round(value, 2);

    /// <summary>One host's baseline and current values.</summary>
    private sealed class HostState
    {
        private readonly double _cpuBase;
        private readonly double _receiveRate;
        private readonly double _sendRate;

        public HostState(string name, Random random)
        {
            Name = name;
            _cpuBase = 5 + (random.NextDouble() * 55);
            CpuUser = _cpuBase;
            CpuSystem = _cpuBase / 4;
            MemTotalBytes = (1L << 30) * (8L << random.Next(3));
            MemUsedPercent = 30 + (random.NextDouble() * 40);
            DiskUsedPercent = Mounts.Select(_ => 10 + (random.NextDouble() * 70)).ToArray();
            _receiveRate = 100_000 + (random.NextDouble() * 10_000_000);
            _sendRate = _receiveRate * (0.2 + (random.NextDouble() * 0.6));
            BytesReceived = random.NextInt64(1L << 40);
            BytesSent = random.NextInt64(1L << 40);
        }

        public string Name { get; }

        public double CpuUser { get; private set; }

        public double CpuSystem { get; private set; }

        public long MemTotalBytes { get; }

        public double MemUsedPercent { get; private set; }

        public double[] DiskUsedPercent { get; }

        public long BytesReceived { get; private set; }

        public long BytesSent { get; private set; }

        public void Advance(Random random, double seconds)
        {
            // Mean-reverting walks: each step pulls halfway back towards the baseline, then adds noise.
            CpuUser = Math.Clamp(CpuUser + ((_cpuBase - CpuUser) / 2) + Noise(random, 8), 0.5, 90);
            CpuSystem = Math.Clamp(CpuSystem + (((_cpuBase / 4) - CpuSystem) / 2) + Noise(random, 2), 0.1, 100 - CpuUser - 0.5);
            MemUsedPercent = Math.Clamp(MemUsedPercent + Noise(random, 0.5), 5, 98);
            for (var m = 0; m < DiskUsedPercent.Length; m++)
            {
                DiskUsedPercent[m] = Math.Clamp(DiskUsedPercent[m] + (random.NextDouble() * 0.01 * seconds / 10), 1, 99.9);
            }

            BytesReceived += (long)(_receiveRate * seconds * (0.5 + random.NextDouble()));
            BytesSent += (long)(_sendRate * seconds * (0.5 + random.NextDouble()));
        }

        private static double Noise(Random random, double amplitude) => (random.NextDouble() - 0.5) * 2 * amplitude;
    }
}
