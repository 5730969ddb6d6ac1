using System.CommandLine;
using Hashmint.Core.Encoding;
using Hashmint.Ledger;
using Hashmint.Node.Cli;
using Hashmint.Node.Hosting;
using Hashmint.Wallet;

NativeHeap.Tune();

var root = new RootCommand("Hashmint: a proof-of-work chain whose native assets are a coin and NFTs");
root.Subcommands.Add(NodeCommands.Devnet());
root.Subcommands.Add(NodeCommands.Node());
root.Subcommands.Add(WalletCommands.Build());
root.Subcommands.Add(CollectionCommands.Build());
root.Subcommands.Add(NftCommands.Build());
root.Subcommands.Add(ControlCommands.Status());
root.Subcommands.Add(ControlCommands.Mine());
root.Subcommands.Add(ControlCommands.Generate());
root.Subcommands.Add(ChainFileCommands.Export());
root.Subcommands.Add(ChainFileCommands.Import());
root.Subcommands.Add(ChainFileCommands.VerifyState());
root.Subcommands.Add(BenchCommands.Build());

try
{
    // Signals are ours (ShutdownSignal): the node needs more than a fixed grace period to stop cleanly.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is CliException or WrongPassphraseException or KeystoreFormatException or PassphraseUnavailableException
                              or InvalidMnemonicException or RejectedException or DecodeException or ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
