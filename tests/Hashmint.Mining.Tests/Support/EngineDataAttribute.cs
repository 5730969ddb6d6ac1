using System.Reflection;
using Xunit.Sdk;

namespace Hashmint.Mining.Tests.Support;

/// <summary>
/// Supplies one engine name to a theory, or marks that row skipped when this CPU (or the JIT's
/// configuration) cannot run the engine, so unsupported engines show up as skipped rather than passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class EngineDataAttribute : DataAttribute
{
    private readonly string _engine;

    public EngineDataAttribute(string engine)
    {
        _engine = engine;
        if (!NonceSearchEngines.Supported.Contains(engine))
            Skip = $"This CPU/runtime does not support the {engine} engine (supported: {string.Join(", ", NonceSearchEngines.Supported)}).";
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[_engine]];
}
