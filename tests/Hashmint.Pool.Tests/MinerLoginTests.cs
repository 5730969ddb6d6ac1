using Hashmint.Core.Consensus;
using Hashmint.Core.Primitives;
using Hashmint.Pool.Stratum;

namespace Hashmint.Pool.Tests;

public sealed class MinerLoginTests
{
    // The x coordinate of secp256k1's generator: a valid BIP-340 public key.
    private static readonly string Address = new AccountId(Convert.FromHexString("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")).ToAddress(ChainParams.Regtest.AddressPrefix);

    [Theory]
    [InlineData("{0}.rig1", "rig1")]
    [InlineData("{0}", MinerLogin.DefaultWorker)]
    [InlineData("  {0}.rig1 ", "rig1")]   // authorize trimmed the username, submit did not (seen while writing the stratum-line fuzz target)
    [InlineData("\t{0}\t", MinerLogin.DefaultWorker)]
    public void The_worker_a_submit_names_is_the_worker_authorize_registered(string username, string worker)
    {
        string user = string.Format(System.Globalization.CultureInfo.InvariantCulture, username, Address);
        Assert.True(MinerLogin.TryParse(user, "x", ChainParams.Regtest.AddressPrefix, out var login, out var problem), problem);
        Assert.Equal(worker, login.Worker);
        Assert.Equal(login.Worker, MinerLogin.WorkerOf(user));
    }
}
