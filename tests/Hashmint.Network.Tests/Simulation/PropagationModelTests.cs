namespace Hashmint.Network.Tests.Simulation;

/// <summary>
/// The virtual-time propagation model against timings worked out by hand on small networks, so that the 500-node
/// numbers in docs/PERFORMANCE.md rest on a model whose every step is checked.
/// </summary>
public sealed class PropagationModelTests
{
    private const double Latency = 0.100;
    private static readonly RelayCosts Free = new(0, 0, 0.010, 0, 0, 0, 0, 0, 0);

    private static ModelNetwork Line(int count, double bytesPerSecond = 1e12)
    {
        var net = new ModelNetwork(count, bytesPerSecond);
        for (int i = 0; i + 1 < count; i++) net.Link(i, i + 1, Latency);
        return net;
    }

    [Fact]
    public void Full_blocks_cost_three_trips_and_a_validation_per_hop()
    {
        // A hop: headers (100 ms), getdata back (100 ms), the block (100 ms), validation (10 ms).
        var arrivals = new PropagationModel(Line(3), Free, compact: false).Propagate(origin: 0);
        Assert.Equal(0, arrivals[0], 9);
        Assert.Equal(0.310, arrivals[1], 9);
        Assert.Equal(0.620, arrivals[2], 9);
    }

    [Fact]
    public void Compact_blocks_cost_one_trip_and_a_validation_per_hop()
    {
        var arrivals = new PropagationModel(Line(3), Free, compact: true).Propagate(origin: 0);
        Assert.Equal(0.110, arrivals[1], 9);
        Assert.Equal(0.220, arrivals[2], 9);
    }

    [Fact]
    public void A_receiver_that_lacks_transactions_asks_for_them_one_round_trip_later()
    {
        var arrivals = new PropagationModel(Line(3), Free, compact: true).Propagate(origin: 0, lacksTransactions: node => node == 1);
        // Node 1: cmpctblock 100 ms, getblocktxn 100 ms, blocktxn 100 ms, validation 10 ms; node 2 then has all.
        Assert.Equal(0.310, arrivals[1], 9);
        Assert.Equal(0.420, arrivals[2], 9);
    }

    [Fact]
    public void Bandwidth_adds_each_message_s_serialization_and_a_link_sends_one_message_after_another()
    {
        // 1,000 bytes/s: a 500-byte block takes 0.5 s to send, a 50-byte header 0.05 s, a 20-byte getdata 0.02 s.
        var costs = Free with { HeadersBytes = 50, GetDataBytes = 20, BlockBytes = 500 };
        var arrivals = new PropagationModel(Line(2, 1000), costs, compact: false).Propagate(origin: 0);
        Assert.Equal(0.05 + 0.1 + 0.02 + 0.1 + 0.5 + 0.1 + 0.010, arrivals[1], 9);

        // A star: the centre connects and announces to three peers over three separate links, which do not wait for each other.
        var star = new ModelNetwork(4, 1000);
        for (int i = 1; i < 4; i++) star.Link(0, i, Latency);
        var fromCentre = new PropagationModel(star, costs with { CompactBytes = 500 }, compact: true).Propagate(origin: 0);
        Assert.All(fromCentre[1..], t => Assert.Equal(0.5 + 0.1 + 0.010, t, 9));
    }

    [Fact]
    public void A_node_validates_one_block_at_a_time_and_the_second_copy_costs_nothing()
    {
        // Node 2 hears of the block from 0 and from 1 (a triangle); it validates once, the copy from the slower path is ignored.
        var net = new ModelNetwork(3, 1e12);
        net.Link(0, 1, 0.010);
        net.Link(1, 2, 0.010);
        net.Link(0, 2, 0.200);
        var arrivals = new PropagationModel(net, Free, compact: true).Propagate(origin: 0);
        Assert.Equal(0.020, arrivals[1], 9);
        Assert.Equal(0.040, arrivals[2], 9); // via node 1: 10 + 10 ms + 10 ms + 10 ms, not 200 + 10 ms
    }

    [Fact]
    public void Every_node_of_a_random_network_gets_the_block_and_compact_blocks_are_never_slower_with_equal_costs()
    {
        var net = ModelNetwork.Random(200, 8, 0.020, 0.150, 20_000_000 / 8.0, new Random(3));
        var costs = new RelayCosts(0.0002, 0.0005, 0.010, 105, 61, 40_000, 1_000, 500, 4_000);
        var full = new PropagationModel(net, costs, compact: false).Propagate(0);
        var fast = new PropagationModel(net, costs, compact: true).Propagate(0);
        Assert.All(full, t => Assert.True(double.IsFinite(t)));
        Assert.All(fast, t => Assert.True(double.IsFinite(t)));
        Assert.True(PropagationSummary.Percentile(fast, 1.0) < PropagationSummary.Percentile(full, 1.0),
            $"compact {PropagationSummary.Percentile(fast, 1.0):0.000} s, full {PropagationSummary.Percentile(full, 1.0):0.000} s to the last node");
    }

    [Fact]
    public void Percentiles_and_the_stale_rate_follow_their_definitions()
    {
        double[] arrivals = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        Assert.Equal(4, PropagationSummary.Percentile(arrivals, 0.5));
        Assert.Equal(8, PropagationSummary.Percentile(arrivals, 0.9));
        Assert.Equal(9, PropagationSummary.Percentile(arrivals, 1.0));
        Assert.Equal(arrivals.Average(t => 1 - Math.Exp(-t / 30)), PropagationSummary.StaleRate(arrivals, 30), 12);
    }
}
