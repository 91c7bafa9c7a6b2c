using MetricStream.Processing.Aggregation;
using MetricStream.Processing.TestDriver;
using MetricStream.Processing.Windows;
using static MetricStream.Processing.Tests.Support.Points;

namespace MetricStream.Processing.Tests.Windows;

/// <summary>Window semantics with explicit event times, in the style of Kafka's KStreamWindowAggregateTest.</summary>
public class WindowAggregateSemanticsTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Tumbling_RecordsInOneWindow_EmitsOnceWhenStreamTimeReachesEndPlusGrace()
    {
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, TimeSpan.FromSeconds(10))));
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(0, 1));
        input.PipeInput(Cpu(59_999, 3));
        input.PipeInput(Cpu(60_000, 100));
        input.PipeInput(Cpu(69_999, 100));
        output.IsEmpty.Should().BeTrue("stream time 69999 < end 60000 + grace 10000");

        input.PipeInput(Cpu(70_000, 100));

        var emitted = output.ReadAggregatesToList();
        emitted.Should().ContainSingle();
        var a = emitted[0];
        Bounds(a).Should().Be("[0;60000)");
        (a.Count, a.Sum, a.Min, a.Max, a.Mean, a.Last).Should().Be((2L, 4.0, 1.0, 3.0, 2.0, 3.0));
        (a.Tenant, a.Measurement, a.Field).Should().Be(("acme", "cpu", "usage"));
        a.Tags.Should().Equal(new MetricStream.Avro.Records.Tag("host", "a"));
        driver.WindowsClosed.Should().Be(1);
    }

    [Fact]
    public void Grace_OutOfOrderRecordAtEndPlusGraceMinus1_IsAggregated()
    {
        var grace = TimeSpan.FromSeconds(10);
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, grace)));
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(1_000, 1));
        input.PipeInput(Cpu(69_999, 50));   // stream time = end + grace - 1
        input.PipeInput(Cpu(30_000, 2));    // out of order, within grace
        input.PipeInput(Cpu(70_000, 50));   // stream time = end + grace: closes [0;60000)

        var a = output.ReadAggregate();
        Bounds(a).Should().Be("[0;60000)");
        a.Count.Should().Be(2);
        a.Sum.Should().Be(3);
        a.Last.Should().Be(2, "last is by event time: 30000 > 1000");
        driver.LateRecords.Should().Be(0);
    }

    [Fact]
    public void Grace_RecordArrivingAtStreamTimeEndPlusGrace_IsLateCountedAndRouted()
    {
        var grace = TimeSpan.FromSeconds(10);
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, grace)));
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");
        var late = driver.CreateOutputTopic("late");

        input.PipeInput(Cpu(1_000, 1));
        input.PipeInput(Cpu(70_000, 50));   // closes [0;60000)
        input.PipeInput(Cpu(59_999, 7));    // late for [0;60000)

        output.ReadAggregate().Count.Should().Be(1, "the late record did not change the emitted window");
        output.IsEmpty.Should().BeTrue();
        driver.LateRecords.Should().Be(1);
        driver.Counters("agg").LateRecords.Should().Be(1);
        var routed = late.ReadPoint();
        routed.Timestamp.Should().Be(T0.AddMilliseconds(59_999));
        routed.Fields[0].Value.AsDouble.Should().Be(7);
    }

    [Fact]
    public void ZeroGrace_RecordAtWindowEnd_ClosesWindowAndOlderRecordIsLate()
    {
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, TimeSpan.Zero)));
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(59_999, 1));
        output.IsEmpty.Should().BeTrue();
        input.PipeInput(Cpu(60_000, 2));
        Bounds(output.ReadAggregate()).Should().Be("[0;60000)");
        input.PipeInput(Cpu(59_998, 3));
        driver.LateRecords.Should().Be(1);
    }

    [Fact]
    public void Hopping_RecordInOverlap_CountsInBothWindowsAndEmitsInEndOrder()
    {
        var hopping = HoppingWindow.Of(TimeSpan.FromMilliseconds(5000), TimeSpan.FromMilliseconds(3000), TimeSpan.Zero);
        using var driver = new TopologyTestDriver(WindowTopology(hopping));
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(1_000, 1));   // [0;5000)
        input.PipeInput(Cpu(4_000, 2));   // [0;5000) and [3000;8000)
        input.PipeInput(Cpu(7_000, 4));   // [3000;8000) and [6000;11000)
        input.PipeInput(Cpu(20_000, 0));  // closes all three

        var emitted = output.ReadAggregatesToList();
        emitted.Select(Bounds).Should().Equal("[0;5000)", "[3000;8000)", "[6000;11000)");
        emitted.Select(a => a.Sum).Should().Equal(3, 6, 4);
        emitted.Select(a => a.Count).Should().Equal(2, 2, 1);
    }

    [Fact]
    public void Hopping_RecordLateForOldestWindowOnly_IsAggregatedInOpenWindowAndRoutedLate()
    {
        var hopping = HoppingWindow.Of(TimeSpan.FromMilliseconds(5000), TimeSpan.FromMilliseconds(3000), TimeSpan.Zero);
        using var driver = new TopologyTestDriver(WindowTopology(hopping));
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(1_000, 1));
        input.PipeInput(Cpu(5_000, 1));   // closes [0;5000)
        input.PipeInput(Cpu(4_000, 10));  // late for [0;5000), on time for [3000;8000)
        input.PipeInput(Cpu(30_000, 0));

        var emitted = output.ReadAggregatesToList();
        emitted.Select(Bounds).Should().StartWith(["[0;5000)", "[3000;8000)"]);
        emitted[0].Sum.Should().Be(1);
        emitted[1].Sum.Should().Be(11);
        driver.LateRecords.Should().Be(1);
        driver.CreateOutputTopic("late").QueueSize.Should().Be(1);
    }

    [Fact]
    public void EmptyWindows_BetweenSparseRecords_AreNeverEmitted()
    {
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, TimeSpan.Zero)));
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(10_000, 1));
        input.PipeInput(Cpu(600_000, 2)); // ten minutes later
        input.PipeInput(Cpu(700_000, 3));

        output.ReadAggregatesToList().Select(Bounds).Should().Equal("[0;60000)", "[600000;660000)");
        driver.WindowsClosed.Should().Be(2);
    }

    [Fact]
    public void SeveralSeriesAndFields_ClosingTogether_EmitInSeriesThenFieldOrder()
    {
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, TimeSpan.Zero)));
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(1_000, 1, host: "b").AddField("system", 5.0));
        input.PipeInput(Cpu(2_000, 1, host: "a"));
        input.PipeInput(Cpu(60_000, 0));

        output.ReadRecordsToList().Select(r => r.Key + " " + r.AsAggregate().Field)
            .Should().Equal("acme/cpu,host=a usage", "acme/cpu,host=b system", "acme/cpu,host=b usage");
    }

    [Fact]
    public void IdleClose_NoRecordsForTimeout_ClosesWindowsWhoseEndPlusAllowanceHasPassed()
    {
        var idle = IdleClose.After(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30));
        var topology = WindowTopology(TumblingWindow.Of(Minute, TimeSpan.FromSeconds(30)), idle);
        using var driver = new TopologyTestDriver(topology, wallClockStart: T0);
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(10_000, 1));               // window [0;60s), wall clock 0
        driver.AdvanceWallClock(TimeSpan.FromSeconds(119));
        output.IsEmpty.Should().BeTrue("idle for 119s < 2m");

        driver.AdvanceWallClock(TimeSpan.FromSeconds(1)); // idle for 2m; now 120s >= end 60s + allowance 30s
        Bounds(output.ReadAggregate()).Should().Be("[0;60000)");
        driver.Counters("agg").WindowsClosedOnIdle.Should().Be(1);
        driver.StreamTime.Should().Be(T0.AddSeconds(10), "the idle rule does not move stream time");
    }

    [Fact]
    public void IdleClose_WindowEndStillInWallClockFuture_StaysOpen()
    {
        var idle = IdleClose.After(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, TimeSpan.Zero), idle), wallClockStart: T0);
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        input.PipeInput(Cpu(10_000, 1));
        driver.AdvanceWallClock(TimeSpan.FromSeconds(89)); // idle, but 89s < end 60s + allowance 30s
        output.IsEmpty.Should().BeTrue();
        driver.GetWindowStore("agg").Should().ContainSingle().Which.Count.Should().Be(1);

        driver.AdvanceWallClock(TimeSpan.FromSeconds(1));
        output.QueueSize.Should().Be(1);
        driver.GetWindowStore("agg").Should().BeEmpty();
    }

    [Fact]
    public void IdleClose_RecordsKeepAdvancingStreamTime_NoIdleClose()
    {
        var idle = IdleClose.After(TimeSpan.FromMinutes(1), TimeSpan.Zero);
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(TimeSpan.FromHours(1), TimeSpan.Zero), idle), wallClockStart: T0);
        var input = driver.CreateInputTopic("in");
        var output = driver.CreateOutputTopic("out");

        for (var s = 0; s < 10; s++)
        {
            input.PipeInput(Cpu(s * 50_000, 1));
            driver.AdvanceWallClock(TimeSpan.FromSeconds(50));
        }

        output.IsEmpty.Should().BeTrue("the task is never idle for 1m");
    }

    [Fact]
    public void IdleClose_RecordForIdleClosedWindow_IsLate()
    {
        var idle = IdleClose.After(TimeSpan.FromMinutes(1), TimeSpan.Zero);
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, TimeSpan.FromMinutes(5)), idle), wallClockStart: T0);
        var input = driver.CreateInputTopic("in");

        input.PipeInput(Cpu(10_000, 1));
        driver.AdvanceWallClock(TimeSpan.FromMinutes(2));
        driver.WindowsClosed.Should().Be(1);

        input.PipeInput(Cpu(20_000, 1)); // within grace by stream time, but its window closed on idle
        driver.LateRecords.Should().Be(1);
        driver.CreateOutputTopic("late").QueueSize.Should().Be(1);
    }

    [Fact]
    public void SelectedAggregatesOnly_UnselectedAreNaNAndNoSketch()
    {
        using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, TimeSpan.Zero), aggregates: [AggregateKind.Count, AggregateKind.Max]));
        var input = driver.CreateInputTopic("in");
        input.PipeInput(Cpu(0, 4));
        input.PipeInput(Cpu(60_000, 0));

        var a = driver.CreateOutputTopic("out").ReadAggregate();
        (a.Count, a.Max).Should().Be((1L, 4.0));
        double.IsNaN(a.Sum).Should().BeTrue();
        double.IsNaN(a.P99).Should().BeTrue();
        a.SketchFormat.Should().BeEmpty();
    }

    [Fact]
    public void SameInput_RunTwice_GivesIdenticalOutputBytes()
    {
        static List<byte[]> Run()
        {
            using var driver = new TopologyTestDriver(WindowTopology(TumblingWindow.Of(Minute, TimeSpan.FromSeconds(5))));
            var input = driver.CreateInputTopic("in");
            var random = new Random(7);
            for (var i = 0; i < 2000; i++)
            {
                input.PipeInput(Cpu(i * 500 + random.Next(-4000, 0), random.NextDouble() * 100, host: "h" + random.Next(5)));
            }

            input.PipeInput(Cpu(10_000_000, 0));
            return [.. driver.CreateOutputTopic("out").ReadRecordsToList().Select(r => r.ValueBytes.ToArray())];
        }

        var first = Run();
        var second = Run();
        first.Should().HaveCountGreaterThan(50);
        second.Should().HaveCount(first.Count);
        for (var i = 0; i < first.Count; i++)
        {
            second[i].Should().Equal(first[i]);
        }
    }
}
