using Hashmint.Mining.Tests.Support;

namespace Hashmint.Mining.Tests;

/// <summary>
/// Entry point of this assembly when run as a program (the test host never calls it). With
/// "--probe-engines" it prints the engine "auto" resolves to, the supported list, and the nonce the
/// auto engine finds for the genesis block, so a test can check all three under DOTNET_EnableAVX512=0.
/// </summary>
public static class EngineProbe
{
    public const string ProbeArgument = "--probe-engines";

    public static int Main(string[] args)
    {
        if (args is not [ProbeArgument])
            return 2;
        INonceSearchEngine engine = NonceSearchEngines.Create(NonceSearchEngines.Auto);
        KnownBlock genesis = KnownBlocks.Genesis;
        bool found = engine.Search(genesis.Header(), genesis.Target(), genesis.Nonce - 1000, 2000, CancellationToken.None,
            out uint nonce, out _);
        Console.WriteLine($"auto={engine.Name}");
        Console.WriteLine($"supported={string.Join(",", NonceSearchEngines.Supported)}");
        Console.WriteLine($"genesis={(found ? nonce.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}");
        return 0;
    }
}
