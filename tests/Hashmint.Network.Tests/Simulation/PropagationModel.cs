namespace Hashmint.Network.Tests.Simulation;

/// <summary>
/// What each step of relaying one block costs a node, and how large each message is on the wire (frame header
/// included). The benchmark measures these on the real ledger and the real wire encodings
/// (<see cref="PropagationCosts"/>); the model tests set them by hand.
/// </summary>
public sealed record RelayCosts(
    double HeaderCheckSeconds,   // ProcessHeaders of one header: proof of work, linkage, time rules
    double RebuildSeconds,       // a compact block rebuilt from the mempool: short ids of every pending transaction, Merkle root
    double ValidateSeconds,      // SubmitBlock of the block whose transactions are all in the mempool
    int HeadersBytes,            // "headers" with one header
    int GetDataBytes,            // "getdata" for one block
    int BlockBytes,              // "block"
    int CompactBytes,            // "cmpctblock"
    int GetBlockTxnBytes,        // "getblocktxn" for the missing transactions
    int BlockTxnBytes);          // "blocktxn" carrying them

/// <summary>A network: who is linked to whom, with a one-way latency per link and a bandwidth per direction.</summary>
public sealed class ModelNetwork
{
    public int Count { get; }
    public double BytesPerSecond { get; }
    private readonly List<(int Peer, double Latency)>[] _links;

    public ModelNetwork(int count, double bytesPerSecond)
    {
        Count = count;
        BytesPerSecond = bytesPerSecond;
        _links = Enumerable.Range(0, count).Select(_ => new List<(int, double)>()).ToArray();
    }

    public IReadOnlyList<(int Peer, double Latency)> LinksOf(int node) => _links[node];

    public void Link(int a, int b, double latencySeconds)
    {
        if (a == b || _links[a].Any(l => l.Peer == b)) return;
        _links[a].Add((b, latencySeconds));
        _links[b].Add((a, latencySeconds));
    }

    /// <summary>As the real-node simulation wires it: each node dials <paramref name="outbound"/> others at random, latency uniform in [min, max].</summary>
    public static ModelNetwork Random(int count, int outbound, double minLatency, double maxLatency, double bytesPerSecond, Random rng)
    {
        var net = new ModelNetwork(count, bytesPerSecond);
        for (int i = 0; i < count; i++)
        {
            var targets = new HashSet<int>();
            while (targets.Count < Math.Min(outbound, count - 1))
            {
                int j = rng.Next(count);
                if (j != i) targets.Add(j);
            }
            foreach (int j in targets) net.Link(i, j, minLatency + rng.NextDouble() * (maxLatency - minLatency));
        }
        return net;
    }
}

/// <summary>
/// Block propagation in virtual time: a discrete-event model of the relay protocol exactly as NetworkService runs it,
/// where the only clock is the model's. Each node handles its messages one at a time (block validation holds the
/// ledger's lock), each step costing what <see cref="RelayCosts"/> says; each direction of a link sends one message
/// after another at its bandwidth and delivers it a latency later. Unlike the real-node simulation, 500 nodes do not
/// share two cores here: each node's work is charged to that node alone, as on machines of their own.
/// <para>Full blocks: a node that connects a block sends "headers" to every peer not known to have it; a peer that
/// lacks it asks the first announcer ("getdata") and validates the "block" it gets. Compact blocks (high-bandwidth):
/// the connecting node pushes "cmpctblock" to every such peer; the receiver checks the header, rebuilds the block
/// from its mempool, asks the sender for what it lacks ("getblocktxn" → "blocktxn") and validates.</para>
/// </summary>
public sealed class PropagationModel(ModelNetwork network, RelayCosts costs, bool compact)
{
    private enum Kind { Headers, GetData, Block, Compact, GetBlockTxn, BlockTxn }

    private readonly record struct Message(Kind Kind, int From, int To);

    private enum Has { Nothing, Requested, Validating, Connected }

    /// <summary>
    /// Mines one block at <paramref name="origin"/> at time 0 and returns, per node, the virtual time (seconds) at which
    /// it connected it. <paramref name="lacksTransactions"/> says which receivers of a compact block miss some of its
    /// transactions (and must ask for them).
    /// </summary>
    public double[] Propagate(int origin, Func<int, bool>? lacksTransactions = null)
    {
        int n = network.Count;
        var has = new Has[n];
        var connectedAt = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var known = Enumerable.Range(0, n).Select(_ => new HashSet<int>()).ToArray(); // peers known to have the block
        var linkFree = new Dictionary<(int, int), double>();
        var inbox = Enumerable.Range(0, n).Select(_ => new Queue<Message>()).ToArray();
        var busy = new bool[n];
        var events = new PriorityQueue<Action, (double, long)>();
        long sequence = 0;
        double now = 0;

        void At(double time, Action action) => events.Enqueue(action, (time, sequence++));

        int Size(Kind kind) => kind switch
        {
            Kind.Headers => costs.HeadersBytes, Kind.GetData => costs.GetDataBytes, Kind.Block => costs.BlockBytes,
            Kind.Compact => costs.CompactBytes, Kind.GetBlockTxn => costs.GetBlockTxnBytes, _ => costs.BlockTxnBytes,
        };

        double LatencyOf(int from, int to)
        {
            foreach (var (peer, latency) in network.LinksOf(from)) if (peer == to) return latency;
            throw new InvalidOperationException($"node {from} has no link to {to}");
        }

        void Send(Kind kind, int from, int to)
        {
            var key = (from, to);
            double start = Math.Max(now, linkFree.GetValueOrDefault(key));
            double sent = start + Size(kind) / network.BytesPerSecond;
            linkFree[key] = sent;
            var message = new Message(kind, from, to);
            At(sent + LatencyOf(from, to), () => Arrive(message));
        }

        void Arrive(Message m)
        {
            inbox[m.To].Enqueue(m);
            if (!busy[m.To]) StartNext(m.To);
        }

        void Connect(int node)
        {
            has[node] = Has.Connected;
            connectedAt[node] = now;
            foreach (var (peer, _) in network.LinksOf(node))
                if (known[node].Add(peer)) Send(compact ? Kind.Compact : Kind.Headers, node, peer);
        }

        // Decides what the message means with the node's state when it is taken up, charges the node its cost, and
        // applies the outcome when the work is done.
        void StartNext(int node)
        {
            if (!inbox[node].TryDequeue(out var m)) { busy[node] = false; return; }
            busy[node] = true;
            double cost = 0;
            Action done = () => { };
            switch (m.Kind)
            {
                case Kind.Headers:
                    known[node].Add(m.From);
                    if (has[node] == Has.Nothing)
                    {
                        cost = costs.HeaderCheckSeconds;
                        has[node] = Has.Requested;
                        done = () => Send(Kind.GetData, node, m.From);
                    }
                    break;
                case Kind.GetData:
                    done = () => Send(Kind.Block, node, m.From);
                    break;
                case Kind.Block:
                    known[node].Add(m.From);
                    if (has[node] != Has.Connected && has[node] != Has.Validating)
                    {
                        cost = costs.ValidateSeconds;
                        has[node] = Has.Validating;
                        done = () => Connect(node);
                    }
                    break;
                case Kind.Compact:
                    known[node].Add(m.From);
                    if (has[node] != Has.Nothing) break; // seen already: FindBlock or the pending rebuild answers at once
                    if (lacksTransactions?.Invoke(node) == true)
                    {
                        cost = costs.HeaderCheckSeconds + costs.RebuildSeconds;
                        has[node] = Has.Requested;
                        done = () => Send(Kind.GetBlockTxn, node, m.From);
                    }
                    else
                    {
                        cost = costs.HeaderCheckSeconds + costs.RebuildSeconds + costs.ValidateSeconds;
                        has[node] = Has.Validating;
                        done = () => Connect(node);
                    }
                    break;
                case Kind.GetBlockTxn:
                    done = () => Send(Kind.BlockTxn, node, m.From);
                    break;
                case Kind.BlockTxn:
                    if (has[node] == Has.Requested)
                    {
                        cost = costs.ValidateSeconds;
                        has[node] = Has.Validating;
                        done = () => Connect(node);
                    }
                    break;
            }
            At(now + cost, () => { done(); StartNext(node); });
        }

        At(0, () => Connect(origin));
        while (events.TryDequeue(out var action, out var when))
        {
            now = when.Item1;
            action();
        }
        return connectedAt;
    }
}

/// <summary>Percentiles of arrival over nodes and the stale rate they imply, as the real-node simulation reports them.</summary>
public static class PropagationSummary
{
    /// <summary>The time by which a fraction <paramref name="q"/> of nodes had the block.</summary>
    public static double Percentile(double[] arrivals, double q)
    {
        var sorted = arrivals.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The chance that some node, with an equal share of the hash power, finds a competing block before this one reaches it.</summary>
    public static double StaleRate(double[] arrivals, double blockSeconds) => arrivals.Average(t => 1 - Math.Exp(-t / blockSeconds));
}
