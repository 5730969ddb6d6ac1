using System.Threading.Channels;

namespace Hashmint.Node.Hosting;

public sealed record NodeEvent(string Kind, string Id, uint Height);

/// <summary>Fans node events out to subscribers (the server-sent event stream); a slow subscriber drops old events.</summary>
public sealed class NodeEvents
{
    private readonly object _sync = new();
    private readonly List<Channel<NodeEvent>> _subscribers = [];

    public ChannelReader<NodeEvent> Subscribe(CancellationToken unsubscribe)
    {
        var channel = Channel.CreateBounded<NodeEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_sync) _subscribers.Add(channel);
        unsubscribe.Register(() =>
        {
            lock (_sync) _subscribers.Remove(channel);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void Publish(NodeEvent e)
    {
        lock (_sync)
            foreach (var s in _subscribers) s.Writer.TryWrite(e);
    }

    public void Complete()
    {
        lock (_sync)
        {
            foreach (var s in _subscribers) s.Writer.TryComplete();
            _subscribers.Clear();
        }
    }
}
