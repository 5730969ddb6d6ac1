using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using Hashmint.Mining.Engines;
using Hashmint.Mining.Tests.Support;

namespace Hashmint.Mining.Tests;

/// <summary>"auto" picks the fastest engine the JIT allows; names are checked; unsupported engines are refused.</summary>
public sealed class EngineSelectionTests
{
    [Fact]
    public void FeaturesAreTheJitsView()
    {
        CpuFeatures features = CpuFeatures.Current;

        Assert.Equal(Avx512F.IsSupported, features.Avx512F);
        Assert.Equal(Avx512BW.IsSupported, features.Avx512BW);
        Assert.Equal(Avx512F.VL.IsSupported, features.Avx512VL);
        Assert.Equal(Avx2.IsSupported, features.Avx2);
    }

    [Fact]
    public void FastestSupportedEngineComesFirst()
    {
        Assert.Equal(["avx512", "avx512vl", "avx2", "scalar"], NonceSearchEngines.SupportedOn(new CpuFeatures(true, true, true, true)));
        Assert.Equal(["avx2", "scalar"], NonceSearchEngines.SupportedOn(new CpuFeatures(false, false, false, true)));
        Assert.Equal(["avx512vl", "avx2", "scalar"], NonceSearchEngines.SupportedOn(new CpuFeatures(true, false, true, true)));
        Assert.Equal(["scalar"], NonceSearchEngines.SupportedOn(new CpuFeatures(false, false, false, false)));
        // AVX-512 switched off in the JIT hides VL too, even if the hardware has it.
        Assert.Equal(["avx2", "scalar"], NonceSearchEngines.SupportedOn(new CpuFeatures(false, false, true, true)));
    }

    [Fact]
    public void AutoCreatesTheFirstSupportedEngine()
    {
        Assert.Equal(NonceSearchEngines.Supported[0], NonceSearchEngines.Create("auto").Name);
        Assert.Equal(NonceSearchEngines.Supported[0], NonceSearchEngines.Create(" AUTO ").Name);
        Assert.Equal(NonceSearchEngines.Supported[0], NonceSearchEngines.Resolve(null));
    }

    [Fact]
    public void EveryKnownEngineIsCreatedByNameOrRefusedAsUnsupported()
    {
        foreach (string name in NonceSearchEngines.All)
        {
            if (NonceSearchEngines.Supported.Contains(name))
                Assert.Equal(name, NonceSearchEngines.Create(name.ToUpperInvariant()).Name);
            else
                Assert.Throws<PlatformNotSupportedException>(() => NonceSearchEngines.Create(name));
        }
    }

    [Fact]
    public void UnknownNamesAreRejected() =>
        Assert.Throws<ArgumentException>(() => NonceSearchEngines.Create("sse2"));

    [Fact]
    public void WithAvx512DisabledInTheJitAutoFallsBackToAvx2AndStillFindsTheGenesisNonce()
    {
        Dictionary<string, string> probe = RunProbe(("DOTNET_EnableAVX512", "0"));

        string expectedAuto = Avx2.IsSupported ? "avx2" : "scalar";
        Assert.Equal(expectedAuto, probe["auto"]);
        Assert.DoesNotContain("avx512", probe["supported"]);
        Assert.Equal(KnownBlocks.Genesis.Nonce.ToString(System.Globalization.CultureInfo.InvariantCulture), probe["genesis"]);
    }

    [Fact]
    public void ProbeWithoutOverridesAgreesWithThisProcess()
    {
        Dictionary<string, string> probe = RunProbe();

        Assert.Equal(NonceSearchEngines.Supported[0], probe["auto"]);
        Assert.Equal(string.Join(",", NonceSearchEngines.Supported), probe["supported"]);
    }

    /// <summary>Runs this test assembly's EngineProbe.Main in a fresh runtime with the given environment.</summary>
    private static Dictionary<string, string> RunProbe(params (string Name, string Value)[] environment)
    {
        string assembly = typeof(EngineProbe).Assembly.Location;
        string host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(EngineProbe.ProbeArgument);
        foreach ((string name, string value) in environment)
            start.Environment[name] = value;

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "The probe did not finish.");
        Assert.True(process.ExitCode == 0, $"The probe failed ({process.ExitCode}): {stderr.Result}");

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
    }
}
